internal import CLibPQ
import Foundation

/// One connection to the shared ledger's PostgreSQL server, with transactions retried on a
/// deadlock or a lost race, and reconnection after the server went away.
///
/// Every setting is `SET LOCAL` inside the transaction it is for, and no advisory lock outlives
/// its transaction. A `pooled` connection (through a transaction-pooling PgBouncer, which hands
/// each transaction to any of its server connections) keeps no session state at all: no
/// statement is prepared by name (each is sent with its parameters as the unnamed statement), and
/// with a `schema`, statements outside a write transaction run in a short transaction of their own
/// that sets it. A direct connection prepares each statement once (parsing and planning them
/// again costs the server about a third of a confirm) and sets the schema for its session.
///
/// Statements are written with `?` placeholders (the shared ledger code's) and sent as
/// `$1, $2, ...`. Values travel as text (integers in decimal) and blobs in binary; results come
/// back as text.
final class PostgreSQLConnection: SQLDatabase {
    var dialect: SQLDialect { .postgresql }

    /// How often a transaction runs again after a conflict before giving up.
    static let maximumAttempts = 30

    private let conninfo: String
    /// The schema that holds the ledger's tables, set in every transaction; `nil`: the search path.
    private let schema: String?
    /// Whether a transaction-pooling server stands between: no session state.
    private let pooled: Bool
    /// The settings a durable transaction starts with, as one statement (its parameter: the
    /// schema, when pooled), or `nil` when the session has them (a direct connection).
    private let settings: String?
    /// The settings of a transaction that need not wait for the disk.
    private let lazySettings: String
    /// Statements whose results are not needed yet, sent in one round trip with the next that is
    /// (libpq's pipeline mode): a transaction's BEGIN, and the body's ``runLater(_:_:)``.
    private var deferred: [(sql: String, bindings: [SQLValue])] = []
    private var handle: OpaquePointer?
    /// Each statement's text with `$n` placeholders, by the text it was written with.
    private var numbered: [StatementText: String] = [:]
    /// Prepared statement names by the SQL they were prepared from (a direct connection's).
    private var prepared: [StatementText: String] = [:]
    private var inTransaction = false
    /// Whether the last error was a serialization failure or deadlock (the transaction may run again).
    private var lastErrorWasConflict = false
    /// Transactions run again after a conflict with another kiosk's, since the connection opened.
    private(set) var conflicts = 0
    /// Requests sent to the server and waited on (a statement, a pipeline of them, a prepare),
    /// since the connection was made: what a kiosk far from its server waits for.
    private(set) var roundTrips = 0
    /// Site changes the server announced on this connection, plus one for every connection made
    /// (``siteChangeMark()``).
    private var siteChanges: UInt64 = 0
    /// When the next connection attempt may be made after failed ones.
    private var backoff = ReconnectBackoff()
    /// Terminal chains' heads as this connection's committed transactions left them.
    private var auditHeads: [String: AuditCheckpoint] = [:]
    /// The heads the current transaction's entries leave, remembered when it commits.
    private var pendingAuditHeads: [String: AuditCheckpoint] = [:]

    /// Connects; a server that cannot be reached is ``LedgerError/unreachable(reason:)``.
    ///
    /// `schema` must already be a valid schema name (``PostgreSQLLedger/isSchemaName(_:)``).
    init(conninfo: String, schema: String? = nil, pooled: Bool = false) throws(LedgerError) {
        self.conninfo = conninfo
        self.schema = schema
        self.pooled = pooled
        // A kiosk cut off in the middle of a transaction (power, network) must not keep rows the
        // city needs locked: the server ends a transaction left idle that long.
        let pooledSettings =
            "SELECT set_config('idle_in_transaction_session_timeout', '15s', true)"
            + (schema != nil ? ", set_config('search_path', ?, true)" : "")
        // A direct session waits for the disk at every commit, so a confirm's pipeline needs no
        // statement to say so; what need not wait (holds: released when their kiosk starts) says
        // so in its transaction, or in its one statement (``RelationalLedger/holdSharedVoucher``).
        settings = pooled ? pooledSettings : nil
        lazySettings =
            (pooled ? pooledSettings + ", " : "SELECT ") + "set_config('synchronous_commit', 'off', true)"
        try connect()
    }

    deinit { if let handle { PQfinish(handle) } }

    private func connect() throws(LedgerError) {
        if let handle { PQfinish(handle) }
        handle = nil
        prepared = [:]
        deferred = []
        auditHeads = [:]
        guard let connection = Self.open(conninfo) else { throw .unreachable(reason: "cannot allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw .unreachable(reason: message)
        }
        handle = connection
        // Server notices and warnings (such as "no transaction in progress" after a commit the
        // server refused) are not for the operator: errors are reported as errors.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        // Whatever the server announced before this connection is unknown to it.
        siteChanges &+= 1
        // A direct connection keeps its settings for the session (each is one statement less in
        // every transaction) and listens for site changes; a pooled one sets them in each
        // transaction instead, and cannot listen (its next transaction may use another server
        // connection).
        if !pooled {
            try execute(
                "SET idle_in_transaction_session_timeout = '15s'; SET synchronous_commit = on; LISTEN \(Self.siteChannel)"
                    + (schema.map { "; CREATE SCHEMA IF NOT EXISTS \($0); SET search_path = \($0)" } ?? "")
            )
        }
    }

    /// The channel a change of a merchant, store or terminal is announced on (`pg_notify` in the
    /// changing transaction, delivered when it commits), the ledger's schema as its payload: a
    /// connection set to a schema counts only its own ledger's changes.
    static let siteChannel = "kiosk_site_changes"

    /// Moves with every site change the server has announced on this connection by now, and with
    /// every new connection (announcements made while there was none are not known). `nil` for a
    /// pooled connection, which cannot listen, and outside the quiet between requests.
    func siteChangeMark() -> UInt64? {
        guard !pooled, !inTransaction, deferred.isEmpty, let handle, PQstatus(handle) == CONNECTION_OK,
            PQconsumeInput(handle) == 1
        else { return nil }
        while let notice = PQnotifies(handle) {
            if schema == nil || schema == String(cString: notice.pointee.extra) { siteChanges &+= 1 }
            PQfreemem(notice)
        }
        return siteChanges
    }

    /// Connects with kioskd's defaults under the conninfo's own settings: give up connecting after
    /// 5 s, and notice a server gone silent within about half a minute (TCP keepalives), so an
    /// operator gets an answer instead of a frozen kiosk.
    private static func open(_ conninfo: String) -> OpaquePointer? {
        // Later keywords override earlier ones; the conninfo, expanded from `dbname`, comes last.
        let pairs = [
            ("connect_timeout", "5"), ("keepalives_idle", "10"), ("keepalives_interval", "5"),
            ("keepalives_count", "3"), ("application_name", "kioskd"), ("dbname", conninfo),
        ]
        var keywords: [UnsafePointer<CChar>?] = pairs.map { UnsafePointer(strdup($0.0)) } + [nil]
        var values: [UnsafePointer<CChar>?] = pairs.map { UnsafePointer(strdup($0.1)) } + [nil]
        defer {
            for pointer in keywords + values { free(UnsafeMutablePointer(mutating: pointer)) }
        }
        return PQconnectdbParams(&keywords, &values, 1)
    }

    /// The live connection, reconnecting when the previous one broke.
    ///
    /// After a failed attempt the next waits (``ReconnectBackoff``): a request in between is
    /// refused at once, so a city's kiosks do not all knock on a server that has just restarted.
    private func live() throws(LedgerError) -> OpaquePointer {
        if let handle, PQstatus(handle) == CONNECTION_OK { return handle }
        let now = DispatchTime.now().uptimeNanoseconds
        if let wait = backoff.wait(at: now) {
            throw .unreachable(
                reason: "the server could not be reached (\(backoff.failures) attempt(s)); the next in "
                    + String(format: "%.1f s", Double(wait) / 1e9)
            )
        }
        do {
            try connect()
        } catch {
            backoff.failed(at: now)
            throw error
        }
        backoff.succeeded()
        guard let handle else { throw .unreachable(reason: "no connection") }
        return handle
    }

    /// Runs SQL text of one or more statements without placeholders or results (schema changes).
    func execute(_ sql: String) throws(LedgerError) {
        try flushDeferred()
        let connection = try live()
        roundTrips += 1
        guard let result = PQexec(connection, sql) else { throw brokenConnection("run \(sql.prefix(40))") }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw error(result, "run \(sql.prefix(40))")
        }
    }

    func query(
        _ sql: String,
        _ bindings: [SQLValue],
        row: (SQLRow) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        let result = try execute(sql, bindings)
        defer { PQclear(result) }
        let rows = PQntuples(result)
        var index: Int32 = 0
        while index < rows {
            try row(SQLRow(source: .postgresql(result, index)))
            index += 1
        }
    }

    func insert(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> Int64 {
        guard let id = try first(sql + " RETURNING id", bindings, { $0.int(0) }) else {
            throw .server(operation: "run \(sql.prefix(60))", sqlState: "", message: "no id returned")
        }
        return id
    }

    /// Inside a transaction, keeps `sql` to send with the next statement whose result is needed
    /// (at the latest the COMMIT), in the same round trip; its error, if any, is thrown then.
    func runLater(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) {
        guard inTransaction else {
            try run(sql, bindings)
            return
        }
        deferred.append((sql, bindings))
    }

    @discardableResult
    func run(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> Int {
        let result = try execute(sql, bindings)
        defer { PQclear(result) }
        return PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
    }

    /// Runs one statement with its parameters, after the deferred ones in the same round trip;
    /// the caller clears the result.
    private func execute(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> OpaquePointer {
        let connection = try live()
        guard deferred.isEmpty else {
            let batch = deferred + [(sql, bindings)]
            deferred = []
            guard let result = try pipeline(batch, on: connection) else { throw brokenConnection("run \(sql.prefix(60))") }
            return result
        }
        let name = pooled ? nil : try prepared(sql, on: connection)
        let text = pooled ? statement(sql) : ""
        roundTrips += 1
        let result = PostgreSQLParameters.with(bindings) { values, lengths, formats in
            if let name {
                PQexecPrepared(connection, name, Int32(bindings.count), values, lengths, formats, 0)
            } else {
                PQexecParams(connection, text, Int32(bindings.count), nil, values, lengths, formats, 0)
            }
        }
        guard let result else { throw brokenConnection("run \(sql.prefix(60))") }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let failure = error(result, "run \(sql.prefix(60))")
            PQclear(result)
            throw failure
        }
        return result
    }

    /// Sends the deferred statements alone (before a statement that cannot join a pipeline).
    private func flushDeferred() throws(LedgerError) {
        guard !deferred.isEmpty else { return }
        let batch = deferred
        deferred = []
        if let last = try pipeline(batch, on: try live()) { PQclear(last) }
    }

    /// Sends `batch` in one round trip (libpq's pipeline mode) and returns the last statement's
    /// result; the first statement that fails is thrown (the server skips the rest).
    private func pipeline(_ batch: [(sql: String, bindings: [SQLValue])], on connection: OpaquePointer) throws(LedgerError)
        -> OpaquePointer?
    {
        var names: [String?] = []
        for statement in batch { names.append(pooled ? nil : try prepared(statement.sql, on: connection)) }
        /// A connection left in the middle of a pipeline cannot be used again: dropped, the next
        /// request reconnects.
        func dropped(_ operation: String) -> LedgerError {
            let broken = brokenConnection(operation)
            PQfinish(connection)
            handle = nil
            return broken
        }
        guard PQenterPipelineMode(connection) == 1 else { throw dropped("start a pipeline") }
        roundTrips += 1
        for (index, statement) in batch.enumerated() {
            let text = pooled ? self.statement(statement.sql) : ""
            let sent = PostgreSQLParameters.with(statement.bindings) { values, lengths, formats in
                if let name = names[index] {
                    PQsendQueryPrepared(connection, name, Int32(statement.bindings.count), values, lengths, formats, 0)
                } else {
                    PQsendQueryParams(connection, text, Int32(statement.bindings.count), nil, values, lengths, formats, 0)
                }
            }
            guard sent == 1 else { throw dropped("send \(statement.sql.prefix(60))") }
        }
        guard PQpipelineSync(connection) == 1 else { throw dropped("send a pipeline") }
        var failure: LedgerError?
        var last: OpaquePointer?
        for (index, statement) in batch.enumerated() {
            guard let result = PQgetResult(connection) else {
                failure = failure ?? brokenConnection("run \(statement.sql.prefix(60))")
                break
            }
            while let extra = PQgetResult(connection) { PQclear(extra) }  // the end of this statement's results
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK, failure == nil {
                if index == batch.count - 1 { last = result } else { PQclear(result) }
            } else {
                if failure == nil, status != PGRES_PIPELINE_ABORTED { failure = error(result, "run \(statement.sql.prefix(60))") }
                PQclear(result)
            }
        }
        // The pipeline's end: its sync point. A connection that cannot leave pipeline mode (cut
        // off in the middle, perhaps behind a pooler that keeps its side open) is dropped: the
        // next request connects afresh.
        if PQstatus(connection) == CONNECTION_OK {
            while let result = PQgetResult(connection) {
                let status = PQresultStatus(result)
                PQclear(result)
                if status == PGRES_PIPELINE_SYNC { break }
            }
        }
        if PQstatus(connection) != CONNECTION_OK || PQexitPipelineMode(connection) != 1 {
            let broken = dropped("finish a pipeline")
            if failure == nil { failure = broken }
        }
        if let failure {
            if let last { PQclear(last) }
            throw failure
        }
        return last
    }

    private func prepared(_ sql: String, on connection: OpaquePointer) throws(LedgerError) -> String {
        if let name = prepared[StatementText(sql)] { return name }
        let name = "k\(prepared.count + 1)"
        roundTrips += 1
        guard let result = PQprepare(connection, name, statement(sql), 0, nil) else {
            throw brokenConnection("prepare \(sql.prefix(60))")
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw error(result, "prepare \(sql.prefix(60))") }
        prepared[StatementText(sql)] = name
        return name
    }

    /// The statement with `$n` placeholders, converted once per text.
    private func statement(_ sql: String) -> String {
        if let text = numbered[StatementText(sql)] { return text }
        let text = Self.numberedPlaceholders(sql)
        numbered[StatementText(sql)] = text
        return text
    }

    /// `?` placeholders as PostgreSQL's `$1, $2, ...`, leaving quoted text alone.
    static func numberedPlaceholders(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var quoted = false
        var number = 0
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// Runs `body` in a READ COMMITTED transaction, again (up to ``maximumAttempts`` times) when
    /// the server reports a conflict with a concurrent one: a deadlock, or a unique key another
    /// kiosk took first on a hold or the audit chain. The ledger serializes what must be
    /// serialized with row locks (``RelationalLedger``'s `write`, its `hold`): the database, not
    /// this code, makes the second of two kiosks wait and then see the first's hold or payment.
    func transaction<T>(durable: Bool, _ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try transactionOnce(durable: durable, body)
            } catch {
                guard lastErrorWasConflict, attempt < Self.maximumAttempts else { throw error }
                conflicts += 1
                // A short random pause so the two conflicting kiosks do not meet again at once.
                usleep(useconds_t(UInt32.random(in: 100...(1000 * UInt32(min(attempt, 10))))))
            }
        }
    }

    private func transactionOnce<T>(durable: Bool, _ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        // Holds are released when their kiosk starts, so they need not wait for the disk.
        try inOneTransaction(settings: durable ? settings : lazySettings, changes: true, body)
    }

    /// Runs `body` outside a write transaction: as it is without a schema; with one, in a
    /// transaction of its own that sets it (a pooled server connection has no session settings).
    func reading<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        guard pooled, schema != nil, !inTransaction else { return try body() }
        return try inOneTransaction(settings: settings, changes: false, body)
    }

    /// Runs `body` in one transaction with these settings, its BEGIN sent with the body's first
    /// statement; commits, or rolls back what was sent. A body that sent nothing sends nothing.
    /// When the transaction `changes` the ledger, a connection lost while committing is an
    /// unknown outcome, not a refusal.
    private func inOneTransaction<T>(
        settings: String?,
        changes: Bool,
        _ body: () throws(LedgerError) -> T
    ) throws(LedgerError) -> T {
        lastErrorWasConflict = false
        _ = try live()
        begin(settings: settings)
        inTransaction = true
        defer {
            inTransaction = false
            pendingAuditHeads = [:]
        }
        let opening = deferred.count  // the BEGIN and its settings
        do {
            let result = try body()
            if deferred.count == opening && deferred.first?.sql == Self.beginStatement {
                deferred = []  // nothing was sent, and nothing waits to be
            } else if changes {
                try commit()
            } else {
                try run("COMMIT", [])
            }
            auditHeads.merge(pendingAuditHeads) { _, new in new }
            return result
        } catch {
            // A head remembered wrongly may be why it failed: read them all again.
            auditHeads = [:]
            abandon()
            throw error
        }
    }

    func rememberedAuditHead(of chain: String) -> AuditCheckpoint? {
        inTransaction ? pendingAuditHeads[chain] ?? auditHeads[chain] : nil
    }

    func remember(auditHead: AuditCheckpoint, of chain: String) {
        guard inTransaction else { return }
        pendingAuditHeads[chain] = auditHead
    }

    /// The statement that begins every transaction.
    private static let beginStatement = "BEGIN ISOLATION LEVEL READ COMMITTED"

    /// Defers a transaction's BEGIN and its settings, to go with its first statement.
    private func begin(settings: String?) {
        deferred = [(Self.beginStatement, [])]
        if let settings { deferred.append((settings, pooled ? schema.map { [.text($0)] } ?? [] : [])) }
    }

    /// Ends a transaction that failed: rolls it back if its BEGIN was sent, drops what was not.
    private func abandon() {
        let sent = deferred.first?.sql != Self.beginStatement
        deferred = []
        if sent, let handle, PQstatus(handle) == CONNECTION_OK {
            let conflict = lastErrorWasConflict
            _ = try? run("ROLLBACK", [])
            lastErrorWasConflict = conflict
        }
    }

    private func commit() throws(LedgerError) {
        do {
            try run("COMMIT", [])
        } catch {
            if case .unreachable(let reason) = error { throw .outcomeUnknown(reason: reason) }
            throw error
        }
    }

    /// Every constraint of the ledger's tables and column types validated by the server: "ok", or
    /// the ones that are not. (PostgreSQL checks its pages itself; this is what the ledger can ask.)
    func integrityCheck() throws(LedgerError) -> String {
        let unvalidated = try all(
            """
            SELECT coalesce(nullif(c.conrelid, 0)::regclass::text, c.contypid::regtype::text) || '.' || c.conname
            FROM pg_constraint c
            JOIN pg_namespace n ON n.oid = c.connamespace
            WHERE n.nspname = current_schema() AND NOT c.convalidated ORDER BY 1
            """
        ) { $0.text(0) }
        return unvalidated.isEmpty ? "ok" : "constraints not validated: " + unvalidated.joined(separator: ", ")
    }

    /// The ledger's tables in the current schema, with their indexes and TOAST data.
    func storageBytes() throws(LedgerError) -> Int64 {
        try first(
            """
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'
            """
        ) { $0.int(0) } ?? 0
    }

    // MARK: Errors

    private func brokenConnection(_ operation: String) -> LedgerError {
        let message = handle.map { Self.trimmed(PQerrorMessage($0)) } ?? "no connection"
        lastErrorWasConflict = false
        return .unreachable(reason: "\(operation): \(message)")
    }

    private func error(_ result: OpaquePointer, _ operation: String) -> LedgerError {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let message = Self.trimmed(PQresultErrorMessage(result))
        // A serialization failure or deadlock; or a key another kiosk's transaction inserted first:
        // a hold on the same code, or the first audit entry of an empty ledger (no head row yet
        // to lock). The loser runs again and sees the winner's row.
        let constraint = PQresultErrorField(result, Int32(UInt8(ascii: "n"))).map { String(cString: $0) } ?? ""
        lastErrorWasConflict =
            state == "40001" || state == "40P01" || (state == "23505" && Self.raceKeys.contains(constraint))
        let connectionLost = state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
        if connectionLost || handle.map({ PQstatus($0) != CONNECTION_OK }) ?? true {
            return .unreachable(reason: message.isEmpty ? "the connection closed" : message)
        }
        return .server(operation: operation, sqlState: state, message: message)
    }

    /// Unique keys two kiosks' transactions can race for, the loser running again to find the
    /// winner's row: a hold on the same code; a chain's first entry or head; a repeated confirm
    /// or refund (its idempotency key, the refunded payment); serials or e-tickets issued at once.
    static let raceKeys: Set<String> = [
        "audit_pkey", "audit_chain_seq", "audit_heads_pkey", "audit_anchored_pkey", "holds_pkey",
        "payments_idempotency_key_key", "refunds_idempotency_key_key", "refunds_payment_key", "vouchers_pkey",
        "etickets_pkey",
    ]

    private static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
    }
}

/// A statement's SQL as a dictionary key that hashes its length and its two ends, not every
/// byte: a confirm looks up about ten statements of up to a kilobyte each, and hashing them whole
/// was a twentieth of a kiosk's work. Keys still compare whole.
struct StatementText: Hashable {
    let sql: String

    init(_ sql: String) { self.sql = sql }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = sql.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(48))))
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.suffix(48))))
        }
        if hashed == nil { hasher.combine(sql) }
    }
}
