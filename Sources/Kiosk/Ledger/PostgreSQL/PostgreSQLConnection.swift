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
    /// What starts every transaction: its isolation level and its settings.
    private let begin: String
    private var handle: OpaquePointer?
    /// Each statement's text with `$n` placeholders, by the text it was written with.
    private var numbered: [String: String] = [:]
    /// Prepared statement names by the SQL they were prepared from (a direct connection's).
    private var prepared: [String: String] = [:]
    private var inTransaction = false
    /// Whether the last error was a serialization failure or deadlock (the transaction may run again).
    private var lastErrorWasConflict = false
    /// Transactions run again after a conflict with another kiosk's, since the connection opened.
    private(set) var conflicts = 0
    /// When the next connection attempt may be made after failed ones.
    private var backoff = ReconnectBackoff()

    /// Connects; a server that cannot be reached is ``LedgerError/unreachable(reason:)``.
    ///
    /// `schema` must already be a valid schema name (``PostgreSQLLedger/isSchemaName(_:)``).
    init(conninfo: String, schema: String? = nil, pooled: Bool = false) throws(LedgerError) {
        self.conninfo = conninfo
        self.schema = schema
        self.pooled = pooled
        // A kiosk cut off in the middle of a transaction (power, network) must not keep rows the
        // city needs locked: the server ends a transaction left idle that long.
        begin =
            "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL idle_in_transaction_session_timeout = '15s'"
            + (pooled ? schema.map { "; SET LOCAL search_path = \($0)" } ?? "" : "")
        try connect()
    }

    deinit { if let handle { PQfinish(handle) } }

    private func connect() throws(LedgerError) {
        if let handle { PQfinish(handle) }
        handle = nil
        prepared = [:]
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
        if !pooled, let schema { try execute("CREATE SCHEMA IF NOT EXISTS \(schema); SET search_path = \(schema)") }
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
        let connection = try live()
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

    @discardableResult
    func run(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> Int {
        let result = try execute(sql, bindings)
        defer { PQclear(result) }
        return PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
    }

    /// Runs one statement with its parameters; the caller clears the result.
    private func execute(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> OpaquePointer {
        let connection = try live()
        let name = pooled ? nil : try prepared(sql, on: connection)
        let text = pooled ? statement(sql) : ""
        var values: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        defer { for value in values { free(value) } }
        for binding in bindings {
            switch binding {
            case .integer(let number):
                values.append(strdup(String(number)))
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                values.append(strdup(text))
                lengths.append(0)
                formats.append(0)
            case .blob(let bytes):
                let copy = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(copy, base, bytes.count) }
                }
                values.append(copy)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            case .null:
                values.append(nil)
                lengths.append(0)
                formats.append(0)
            }
        }
        let result = values.withUnsafeBufferPointer { valuePointers in
            valuePointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { constValues in
                if let name {
                    PQexecPrepared(connection, name, Int32(bindings.count), constValues.baseAddress, lengths, formats, 0)
                } else {
                    PQexecParams(connection, text, Int32(bindings.count), nil, constValues.baseAddress, lengths, formats, 0)
                }
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

    private func prepared(_ sql: String, on connection: OpaquePointer) throws(LedgerError) -> String {
        if let name = prepared[sql] { return name }
        let name = "k\(prepared.count + 1)"
        guard let result = PQprepare(connection, name, statement(sql), 0, nil) else {
            throw brokenConnection("prepare \(sql.prefix(60))")
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw error(result, "prepare \(sql.prefix(60))") }
        prepared[sql] = name
        return name
    }

    /// The statement with `$n` placeholders, converted once per text.
    private func statement(_ sql: String) -> String {
        if let text = numbered[sql] { return text }
        let text = Self.numberedPlaceholders(sql)
        numbered[sql] = text
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
        lastErrorWasConflict = false
        // Holds are released when their kiosk starts, so they need not wait for the disk.
        try execute(durable ? begin : begin + "; SET LOCAL synchronous_commit = off")
        inTransaction = true
        defer { inTransaction = false }
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            if let handle, PQstatus(handle) == CONNECTION_OK {
                let conflict = lastErrorWasConflict
                _ = try? run("ROLLBACK", [])
                lastErrorWasConflict = conflict
            }
            throw error
        }
    }

    /// Runs `body` outside a write transaction: as it is without a schema; with one, in a
    /// transaction of its own that sets it (a pooled server connection has no session settings).
    func reading<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        guard pooled, schema != nil, !inTransaction else { return try body() }
        try execute(begin)
        inTransaction = true
        defer { inTransaction = false }
        do {
            let result = try body()
            try run("COMMIT", [])
            return result
        } catch {
            if let handle, PQstatus(handle) == CONNECTION_OK { _ = try? run("ROLLBACK", []) }
            throw error
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

    /// Every constraint of the ledger's tables validated by the server: "ok", or the ones that
    /// are not. (PostgreSQL checks its pages itself; this is what the ledger can ask.)
    func integrityCheck() throws(LedgerError) -> String {
        let unvalidated = try all(
            """
            SELECT c.conrelid::regclass::text || '.' || c.conname FROM pg_constraint c
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
