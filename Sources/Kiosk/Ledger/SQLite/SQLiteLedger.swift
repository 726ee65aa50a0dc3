internal import CSQLite
import Foundation
import Synchronization

/// The embedded ledger: one SQLite file in WAL mode with `synchronous=FULL`.
///
/// A payment or refund is reported only after its transaction is on disk. Opening the file runs
/// pending migrations, refuses a schema newer than this code, and releases every hold left by a
/// previous run (no session survives a restart).
public final class SQLiteLedger: Ledger {
    /// The newest schema version this code reads and writes.
    public static let schemaVersion = SQLiteSchema.migrations.count

    /// The zone in which days and closings are reckoned.
    public let timeZone: LedgerTimeZone
    /// The ledger file's path.
    public let path: String
    /// Holds released when the file was opened (left by a crash or kill).
    public let holdsReleasedAtOpen: Int

    let connection: Mutex<SQLiteConnection>
    /// Programs read so far. A program never changes once created (the ledger has no way to edit
    /// or delete one), so a cached copy is always current; it spares decoding the settlement
    /// calendar's JSON in every hold, confirm and refund.
    let programCache = Mutex<[ProgramCode: Program]>([:])

    /// Opens (or creates) the ledger file.
    ///
    /// - Parameters:
    ///   - path: The SQLite file; created with the schema when absent.
    ///   - timeZone: The zone for days and closings (default Asia/Tokyo).
    ///   - busyTimeoutMilliseconds: How long to wait for another process's lock before failing.
    ///   - now: The time recorded in the audit entry of released holds.
    /// - Throws: ``LedgerError/schemaTooNew(found:supported:)``, ``LedgerError/storage(operation:code:message:)``.
    public init(
        path: String,
        timeZone: LedgerTimeZone = .tokyo,
        busyTimeoutMilliseconds: Int32 = 5000,
        now: Timestamp = .now()
    ) throws(LedgerError) {
        let db = try SQLiteConnection(path: path)
        db.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        // A new file gets 1 KiB pages: a confirm touches about 16 pages, each a frame in the WAL,
        // and a durable confirm waits for all of them to reach the disk, so smaller pages mean
        // a quarter of the bytes written per fsync. (No effect on an existing file.)
        try db.execute("PRAGMA page_size=1024")
        let mode = try db.first("PRAGMA journal_mode=WAL") { $0.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw .storage(
                operation: "enable WAL on \(path)",
                code: SQLITE_ERROR,
                message: "journal mode is \(mode ?? "unknown")"
            )
        }
        try db.execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
        try Self.migrate(db)
        holdsReleasedAtOpen = try db.transaction { () throws(LedgerError) -> Int in
            let count = try db.run("DELETE FROM holds")
            if count > 0 {
                try Self.appendAudit(
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
        self.path = path
        self.timeZone = timeZone
        connection = Mutex(db)
    }

    private static func migrate(_ db: SQLiteConnection) throws(LedgerError) {
        let version = Int(try db.first("PRAGMA user_version") { $0.int(0) } ?? 0)
        if version > schemaVersion { throw .schemaTooNew(found: version, supported: schemaVersion) }
        guard version < schemaVersion else { return }
        try db.transaction { () throws(LedgerError) in
            for index in version..<schemaVersion {
                try db.execute(SQLiteSchema.migrations[index])
            }
            try db.execute("PRAGMA user_version=\(schemaVersion)")
        }
    }

    /// Runs `body` with the connection, under the lock.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws(LedgerError) -> T) throws(LedgerError) -> T {
        try connection.withLock { (db: inout SQLiteConnection) throws(LedgerError) -> T in try body(db) }
    }

    /// Runs `body` in one write transaction.
    ///
    /// `durable: false` commits without waiting for the disk
    /// (for holds only, which are released at startup anyway); a later durable commit syncs it too.
    @discardableResult
    func write<T: Sendable>(
        durable: Bool = true,
        _ body: (SQLiteConnection) throws(LedgerError) -> T
    )
        throws(LedgerError) -> T
    {
        try connection.withLock { (db: inout SQLiteConnection) throws(LedgerError) -> T in
            let connection = db
            if !durable { try connection.run("PRAGMA synchronous=NORMAL") }
            defer { if !durable { _ = try? connection.run("PRAGMA synchronous=FULL") } }
            return try connection.transaction { () throws(LedgerError) -> T in try body(connection) }
        }
    }

    /// `PRAGMA integrity_check`'s verdict: "ok" or the problems found.
    public func integrityCheck() throws(LedgerError) -> String {
        try read { db throws(LedgerError) in
            try db.all("PRAGMA integrity_check") { $0.text(0) }.joined(separator: "; ")
        }
    }

    /// Runs a checkpoint that copies the WAL into the main file and truncates it.
    public func checkpoint() throws(LedgerError) {
        try read { db throws(LedgerError) in try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    // MARK: Audit (inside a transaction)

    static func appendAudit(
        _ db: SQLiteConnection,
        principal: Principal,
        now: Timestamp,
        action: String,
        subject: String,
        detail: some Encodable
    ) throws(LedgerError) {
        try appendAudit(db, principal: principal, now: now, action: action, subject: subject, detailJSON: try json(detail))
    }

    /// Appends an audit entry whose detail is already JSON (encoded once and shared with the outbox).
    static func appendAudit(
        _ db: SQLiteConnection,
        principal: Principal,
        now: Timestamp,
        action: String,
        subject: String,
        detailJSON: String
    ) throws(LedgerError) {
        let head = try db.first("SELECT seq, hash FROM audit_head WHERE id = 1") { ($0.int(0), $0.blob(1)) }
        let entry = AuditEntry(
            sequence: (head?.0 ?? 0) + 1,
            at: now,
            principal: principal,
            action: action,
            subject: subject,
            detail: detailJSON,
            previousHash: head?.1 ?? AuditEntry.genesisHash
        )
        try db.run(
            "INSERT INTO audit (seq, at, actor, role, peer_uid, terminal, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(entry.sequence), .integer(entry.at.rawValue), .text(entry.actor), .text(entry.role.rawValue),
                entry.peerUID.map { .integer(Int64($0)) } ?? .null, entry.terminal.map { .text($0.rawValue) } ?? .null,
                .text(entry.action), .text(entry.subject), .text(entry.detail), .blob(entry.previousHash),
                .blob(entry.hash),
            ]
        )
        try db.run(
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            [.integer(entry.sequence), .blob(entry.hash)]
        )
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
        _ db: SQLiteConnection,
        kind: String,
        payload: some Encodable,
        now: Timestamp
    ) throws(LedgerError) {
        try enqueue(db, kind: kind, payloadJSON: try json(payload), now: now)
    }

    /// Enqueues an event whose payload is already JSON.
    static func enqueue(_ db: SQLiteConnection, kind: String, payloadJSON: String, now: Timestamp) throws(LedgerError) {
        try db.run(
            "INSERT INTO outbox (created_at, kind, payload, next_attempt_at) VALUES (?, ?, ?, ?)",
            [.integer(now.rawValue), .text(kind), .text(payloadJSON), .integer(now.rawValue)]
        )
    }
}
