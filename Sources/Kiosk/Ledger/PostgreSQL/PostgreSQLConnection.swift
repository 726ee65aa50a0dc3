internal import CLibPQ
import Foundation

/// One connection to the shared ledger's PostgreSQL server, with prepared statements, transactions
/// retried on a deadlock or a lost race, and reconnection after the server went away.
///
/// Statements are written with `?` placeholders (the shared ledger code's) and prepared once per
/// connection as `$1, $2, ...`. Values travel as text (integers in decimal) and blobs in binary;
/// results come back as text.
final class PostgreSQLConnection: SQLDatabase {
    var dialect: SQLDialect { .postgresql }

    /// How often a transaction runs again after a conflict before giving up.
    static let maximumAttempts = 30

    private let conninfo: String
    /// Statements run on every new connection (the schema's search path), before any other.
    private let sessionSetup: [String]
    private var handle: OpaquePointer?
    /// Prepared statement names by the SQL they were prepared from (this connection's).
    private var statements: [String: String] = [:]
    private var inTransaction = false
    /// Whether the last error was a serialization failure or deadlock (the transaction may run again).
    private var lastErrorWasConflict = false
    /// Transactions run again after a conflict with another kiosk's, since the connection opened.
    private(set) var conflicts = 0

    /// Connects; a server that cannot be reached is ``LedgerError/unreachable(reason:)``.
    init(conninfo: String, sessionSetup: [String] = []) throws(LedgerError) {
        self.conninfo = conninfo
        self.sessionSetup = sessionSetup
        try connect()
    }

    deinit { if let handle { PQfinish(handle) } }

    private func connect() throws(LedgerError) {
        if let handle { PQfinish(handle) }
        handle = nil
        statements = [:]
        guard let connection = Self.open(conninfo) else { throw .unreachable(reason: "cannot allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw .unreachable(reason: message)
        }
        handle = connection
        // Server notices and warnings (such as "no transaction in progress" after a commit the
        // server refused) are not for the operator: errors are reported as errors. A kiosk cut
        // off in the middle of a transaction (power, network) must not keep the audit head locked
        // for the city: the server ends a transaction left idle that long.
        let settings = ["SET client_min_messages = error", "SET idle_in_transaction_session_timeout = '15s'"]
        for statement in settings + sessionSetup { try execute(statement) }
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
    private func live() throws(LedgerError) -> OpaquePointer {
        if let handle, PQstatus(handle) == CONNECTION_OK { return handle }
        try connect()
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

    /// Runs one prepared statement; the caller clears the result.
    private func execute(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> OpaquePointer {
        let connection = try live()
        let name = try prepared(sql, on: connection)
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
                PQexecPrepared(
                    connection,
                    name,
                    Int32(bindings.count),
                    constValues.baseAddress,
                    lengths,
                    formats,
                    0
                )
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
        if let name = statements[sql] { return name }
        let name = "k\(statements.count + 1)"
        guard let result = PQprepare(connection, name, Self.numberedPlaceholders(sql), 0, nil) else {
            throw brokenConnection("prepare \(sql.prefix(60))")
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw error(result, "prepare \(sql.prefix(60))") }
        statements[sql] = name
        return name
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
        try run("BEGIN ISOLATION LEVEL READ COMMITTED", [])
        inTransaction = true
        defer { inTransaction = false }
        do {
            // Holds are released when their kiosk starts, so they need not wait for the disk.
            if !durable { try run("SET LOCAL synchronous_commit = off", []) }
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
            state == "40001" || state == "40P01"
            || (state == "23505" && ["audit_pkey", "audit_head_pkey", "holds_pkey"].contains(constraint))
        let connectionLost = state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
        if connectionLost || handle.map({ PQstatus($0) != CONNECTION_OK }) ?? true {
            return .unreachable(reason: message.isEmpty ? "the connection closed" : message)
        }
        return .server(operation: operation, sqlState: state, message: message)
    }

    private static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
    }
}
