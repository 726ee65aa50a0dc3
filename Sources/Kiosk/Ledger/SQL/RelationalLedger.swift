import Foundation
import Synchronization

/// The ledger's rules written once, in the SQL both of its databases speak, over the one database
/// it holds: a kiosk's file (``SQLiteLedger/open(path:timeZone:busyTimeoutMilliseconds:)``) or a
/// city's server (``PostgreSQLLedger/open(conninfo:schema:pooled:timeZone:terminal:now:)``).
///
/// Every rule that keeps money right (a voucher spent once, a confirm all or nothing, refunds
/// inside their window, the chained audit log) lives here, so both backends keep the same rules;
/// ``SQLiteLedger`` and ``PostgreSQLLedger`` only open, migrate and check their database and hand
/// it to this type. What differs by database (a checkpoint, conflicts retried) is a method here
/// that does the right thing for each, so no caller asks which one it has. Not created directly.
public final class RelationalLedger: Ledger, Sendable {
    /// The zone in which days and closings are reckoned.
    public let timeZone: LedgerTimeZone
    /// Holds released when the ledger was opened (left in a shared ledger by a crash or kill of
    /// this kiosk; always 0 on SQLite, whose holds live in the connection's memory).
    public let holdsReleasedAtOpen: Int
    /// Which database holds the ledger: `sqlite` or `postgresql`.
    public let backend: String
    /// The terminal whose outbox events this ledger delivers (with those of no terminal); `nil`:
    /// every event (a kiosk's own file). A shared ledger opened as a kiosk delivers its own.
    public let outboxTerminal: SiteCode?
    /// The ledger's file on a kiosk's own ledger (SQLite); `nil` on a shared ledger, whose
    /// database is the server's.
    public let filePath: String?

    let connection: Mutex<any SQLDatabase>
    /// Programs read so far. A program never changes once created (the ledger has no way to edit
    /// or delete one), so a cached copy is always current; it spares decoding the settlement
    /// calendar's JSON in every hold, confirm and refund.
    let programCache = Mutex<[ProgramCode: Program]>([:])
    /// Terminals read so far; like programs, a terminal never changes once created.
    let terminalCache = Mutex<[SiteCode: Terminal]>([:])
    /// Terminals found open for sessions (they, their store and merchant enabled), each with the
    /// connection's site change mark of that reading: still open while the mark stays.
    let openTerminals = Mutex<[SiteCode: UInt64]>([:])
    /// Payment numbers reserved on a shared ledger and not used yet, the smallest last
    /// (``reservedPaymentID(_:)``).
    let reservedPaymentIDs = Mutex<[Int64]>([])

    init(
        database: sending any SQLDatabase,
        timeZone: LedgerTimeZone,
        holdsReleasedAtOpen: Int,
        outboxTerminal: SiteCode? = nil,
        filePath: String? = nil
    ) {
        self.outboxTerminal = outboxTerminal
        self.filePath = filePath
        self.timeZone = timeZone
        self.holdsReleasedAtOpen = holdsReleasedAtOpen
        backend = database.dialect == .sqlite ? "sqlite" : "postgresql"
        holdsInMemory = database.dialect == .sqlite
        connection = Mutex(database)
    }

    /// Whether the holds table is the connection's own, in memory (SQLite), not a shared table.
    private let holdsInMemory: Bool

    /// Runs `body`, which changes holds and nothing else: on a shared ledger in a write transaction
    /// that need not wait for the disk; on SQLite, whose holds table is the connection's own in
    /// memory, under the connection's lock alone, since nothing in the file changes.
    func changingHolds<T: Sendable>(_ body: (any SQLDatabase) throws(LedgerError) -> T) throws(LedgerError) -> T {
        holdsInMemory ? try read(body) : try write(durable: false, body)
    }

    /// The database's own check of its storage: "ok" or the problems found.
    public func integrityCheck() throws(LedgerError) -> String {
        try read { db throws(LedgerError) in try db.integrityCheck() }
    }


    /// Bytes the ledger takes on disk (SQLite: the file and its WAL; PostgreSQL: its tables and
    /// their indexes).
    public func storageBytes() throws(LedgerError) -> Int64 {
        try read { db throws(LedgerError) in try db.storageBytes() }
    }

    /// Runs `body` with the connection, under the lock.
    func read<T: Sendable>(_ body: (any SQLDatabase) throws(LedgerError) -> T) throws(LedgerError) -> T {
        try connection.withLock { (db: inout any SQLDatabase) throws(LedgerError) -> T in
            let connection = db
            return try connection.reading { () throws(LedgerError) -> T in try body(connection) }
        }
    }

    /// Whether each terminal keeps an audit chain of its own (a shared ledger, whose kiosks append
    /// in parallel); a kiosk's own file has the one chain.
    var keepsTerminalChains: Bool { !holdsInMemory }

    /// The audit chain a transaction about `terminal` appends to: the terminal's on a shared
    /// ledger, the ledger's own (`nil`) on a kiosk's file.
    func auditChain(of terminal: SiteCode) -> SiteCode? { keepsTerminalChains ? terminal : nil }

    /// Runs `body` in one write transaction.
    ///
    /// `durable: false` may commit without waiting for the disk (for holds only, which a kiosk
    /// releases when it starts anyway). The body may run again after a conflict with another
    /// kiosk's transaction (PostgreSQL), so it only touches the database.
    ///
    /// `chain` is the audit chain the body appends to. The ledger's own (`nil`): on PostgreSQL the
    /// transaction first locks that chain's head row, so such transactions (programs, sites,
    /// accounts, issuance, refunds) run one at a time across the city, and each sees everything
    /// committed before it. A terminal's chain: the head is locked only when the entry is
    /// appended, at the end, so the kiosks of a city confirm in parallel; what keeps a code spent
    /// once is then the code's own row (its hold, and `UPDATE ... WHERE state = 'unspent'`).
    @discardableResult
    func write<T: Sendable>(
        durable: Bool = true,
        chain: SiteCode? = nil,
        _ body: (any SQLDatabase) throws(LedgerError) -> T
    )
        throws(LedgerError) -> T
    {
        try connection.withLock { (db: inout any SQLDatabase) throws(LedgerError) -> T in
            let connection = db
            return try connection.transaction(durable: durable) { () throws(LedgerError) -> T in
                if durable && chain == nil { try Self.lockAuditHead(connection) }
                return try body(connection)
            }
        }
    }

    /// Runs `body`, which writes no audit entry (outbox deliveries, wrong typed codes), in one
    /// durable transaction that locks no chain's head: kiosks do these in parallel.
    @discardableResult
    func writeUnaudited<T: Sendable>(_ body: (any SQLDatabase) throws(LedgerError) -> T) throws(LedgerError) -> T {
        try connection.withLock { (db: inout any SQLDatabase) throws(LedgerError) -> T in
            let connection = db
            return try connection.transaction(durable: true) { () throws(LedgerError) -> T in try body(connection) }
        }
    }

    // MARK: Audit (inside a transaction)

    static func appendAudit(
        _ db: any SQLDatabase,
        chain: SiteCode? = nil,
        principal: Principal,
        now: Timestamp,
        action: String,
        subject: String,
        detail: some Encodable
    ) throws(LedgerError) {
        try appendAudit(
            db, chain: chain, principal: principal, now: now, action: action, subject: subject, detailJSON: try json(detail)
        )
    }

    /// Appends an audit entry whose detail is already JSON (encoded once and shared with the outbox)
    /// to `chain` (`nil`: the ledger's own).
    ///
    /// Each chain's head is one row that every entry of the chain updates; reading it locks it
    /// (PostgreSQL), so a chain stays one chain. A terminal's chain head the connection remembers
    /// is not read: the unique position index keeps that chain one chain. The entry's place in the
    /// whole log comes from a sequence on PostgreSQL, which no transaction waits on.
    static func appendAudit(
        _ db: any SQLDatabase,
        chain: SiteCode? = nil,
        principal: Principal,
        now: Timestamp,
        action: String,
        subject: String,
        detailJSON: String
    ) throws(LedgerError) {
        let shared = db.dialect == .postgresql
        let chainName = SQLValue.text(chain?.rawValue ?? "")
        // A terminal's chain: the head this connection left, when it remembers one (the city's
        // chain is always read, its lock being what orders the city's own changes).
        var head = chain.flatMap { db.rememberedAuditHead(of: $0.rawValue) }.map { ($0.sequence, $0.hash) }
        if head == nil {
            head = try db.first(
                "SELECT seq, hash FROM audit_heads WHERE chain = ?" + (shared ? " FOR UPDATE" : ""),
                [chainName]
            ) { ($0.int(0), $0.blob(1)) }
        }
        let entry = AuditEntry(
            sequence: (head?.0 ?? 0) + 1,
            chain: chain,
            at: now,
            principal: principal,
            action: action,
            subject: subject,
            detail: detailJSON,
            previousHash: head?.1 ?? AuditEntry.genesisHash
        )
        let values: [SQLValue] = [
            chainName, .integer(entry.sequence), .integer(entry.at.rawValue), .text(entry.actor), .text(entry.role.rawValue),
            entry.peerUID.map { .integer(Int64($0)) } ?? .null, entry.terminal.map { .text($0.rawValue) } ?? .null,
            .text(entry.action), .text(entry.subject), .text(entry.detail), .blob(entry.previousHash), .blob(entry.hash),
        ]
        let moveHead = "INSERT INTO audit_heads (chain, seq, hash) VALUES (?, ?, ?) ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash"
        let newHead: [SQLValue] = [chainName, .integer(entry.sequence), .blob(entry.hash)]
        if let chain { db.remember(auditHead: AuditCheckpoint(sequence: entry.sequence, hash: entry.hash), of: chain.rawValue) }
        if shared {
            // One round trip to the server for the entry and its chain's head.
            try db.runLater("WITH entry AS (\(Self.insertAudit(position: "nextval('audit_order')"))) " + moveHead, values + newHead)
        } else {
            try db.run(Self.insertAudit(position: "(SELECT coalesce(max(seq), 0) + 1 FROM audit)"), values)
            try db.run(moveHead, newHead)
        }
    }

    /// The INSERT of an audit entry, its place in the whole log given by `position`.
    private static func insertAudit(position: String) -> String {
        "INSERT INTO audit (seq, chain, chain_seq, at, actor, role, peer_uid, terminal, action, subject, detail, prev_hash, hash) VALUES (\(position), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    }

    /// Starts a transaction on the ledger's own chain: on PostgreSQL, locks that chain's head row,
    /// so these transactions run one at a time across kiosks and each sees all committed before
    /// it. SQLite's `BEGIN IMMEDIATE` already gives one writer at a time.
    static func lockAuditHead(_ db: any SQLDatabase) throws(LedgerError) {
        guard db.dialect == .postgresql else { return }
        try db.run("SELECT 1 FROM audit_heads WHERE chain = '' FOR UPDATE")
    }

    static func json(_ value: some Encodable) throws(LedgerError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .corrupt(reason: "cannot encode \(type(of: value)) as JSON")
        }
    }

    static func enqueue(
        _ db: any SQLDatabase,
        kind: String,
        payload: some Encodable,
        terminal: SiteCode,
        now: Timestamp
    ) throws(LedgerError) {
        try enqueue(db, kind: kind, payloadJSON: try json(payload), terminal: terminal, now: now)
    }

    /// Enqueues an event whose payload is already JSON, about a payment made at `terminal`.
    static func enqueue(
        _ db: any SQLDatabase,
        kind: String,
        payloadJSON: String,
        terminal: SiteCode,
        now: Timestamp
    ) throws(LedgerError) {
        try db.runLater(
            "INSERT INTO outbox (created_at, kind, payload, next_attempt_at, terminal) VALUES (?, ?, ?, ?, ?)",
            [.integer(now.rawValue), .text(kind), .text(payloadJSON), .integer(now.rawValue), .text(terminal.rawValue)]
        )
    }

    /// Releases the holds `condition` selects (all of them, or one kiosk's) with an audit entry
    /// when there were any; used when a kiosk opens the ledger.
    static func releaseHoldsAtOpen(
        _ db: any SQLDatabase,
        where condition: String,
        _ bindings: [SQLValue],
        now: Timestamp
    ) throws(LedgerError) -> Int {
        try db.transaction(durable: true) { () throws(LedgerError) -> Int in
            try lockAuditHead(db)
            let count = try db.run("DELETE FROM holds WHERE \(condition)", bindings)
            if count > 0 {
                try appendAudit(
                    db,
                    principal: .system,
                    now: now,
                    action: "holds.released",
                    subject: "startup",
                    detail: ["count": count]
                )
            }
            return count
        }
    }
}
