import Foundation

/// The shared ledger: one PostgreSQL database for a whole city's kiosks, so a paper voucher is
/// spent once in the city, not once per kiosk; opened as a ``RelationalLedger`` over its
/// connection.
///
/// The rules are ``RelationalLedger``'s, the same as the embedded ledger's. The database keeps
/// them across kiosks with row locks and constraints: every transaction that changes money or
/// the audit log first locks the audit chain's head row, so those run one at a time city-wide
/// (as SQLite's single writer) and each sees all that was committed before it; a hold locks the
/// code's row, so a second kiosk presenting the same voucher waits and then finds it held or
/// spent; the holds table's key allows one hold per code. Holds live in the shared tables, so
/// one kiosk's open session holds its codes against every other kiosk.
///
/// When the server goes away, a request fails with ``LedgerError/unreachable(reason:)`` (nothing
/// was changed) or, if the connection broke while committing, ``LedgerError/outcomeUnknown(reason:)``
/// (repeat it with the same idempotency key); the next request reconnects. Nothing is queued.
public enum PostgreSQLLedger {
    /// The newest schema version this code reads and writes (the same numbering as SQLite's).
    public static let schemaVersion = PostgreSQLSchema.migrations.count

    /// Connects, runs pending migrations (one kiosk at a time, under an advisory lock), and
    /// releases the holds left by this kiosk's previous run.
    ///
    /// - Parameters:
    ///   - conninfo: A libpq connection string (`host=/run/postgresql dbname=kiosk`, or a URI).
    ///   - schema: The PostgreSQL schema that holds the ledger's tables, created when absent
    ///     (letters, digits and `_`); `nil` uses the connection's search path (normally `public`).
    ///   - pooled: Whether `conninfo` reaches the server through a transaction-pooling PgBouncer:
    ///     the connection then keeps no session state (no named prepared statements, no session
    ///     settings), at the price of the server parsing every statement again.
    ///   - timeZone: The zone for days and closings (default Asia/Tokyo).
    ///   - terminal: This kiosk's terminal: its holds from a previous run are released, and its
    ///     outbox delivers the events of this terminal's payments only. `nil` releases none and
    ///     sees every event (tools that are not a kiosk).
    ///   - now: The time recorded in the audit entry of released holds.
    /// - Returns: The ledger, over its own connection to the server; its
    ///   ``RelationalLedger/holdsReleasedAtOpen`` counts the holds released.
    /// - Throws: ``LedgerError/unreachable(reason:)``, ``LedgerError/schemaTooNew(found:supported:)``,
    ///   ``LedgerError/server(operation:sqlState:message:)``.
    public static func open(
        conninfo: String,
        schema: String? = nil,
        pooled: Bool = false,
        timeZone: LedgerTimeZone = .tokyo,
        terminal: SiteCode?,
        now: Timestamp = .now()
    ) throws(LedgerError) -> RelationalLedger {
        if let schema, !Self.isSchemaName(schema) {
            throw .invalidText(field: "schema", reason: "'\(schema)' is not a schema name (a-z, 0-9 and _, at most 63)")
        }
        let db = try PostgreSQLConnection(conninfo: conninfo, schema: schema, pooled: pooled)
        if pooled, let schema { try db.execute("CREATE SCHEMA IF NOT EXISTS \(schema)") }
        try Self.migrate(db)
        let released =
            if let terminal {
                try RelationalLedger.releaseHoldsAtOpen(db, where: "terminal = ?", [.text(terminal.rawValue)], now: now)
            } else {
                0
            }
        return RelationalLedger(
            database: db,
            timeZone: timeZone,
            holdsReleasedAtOpen: released,
            outboxTerminal: terminal
        )
    }

    private static func migrate(_ db: PostgreSQLConnection) throws(LedgerError) {
        try db.transaction(durable: true) { () throws(LedgerError) in
            // Two kiosks starting at once: the second waits here, then finds the schema current.
            try db.execute("SELECT pg_advisory_xact_lock(7407052615)")
            try db.execute("CREATE TABLE IF NOT EXISTS ledger_schema (version BIGINT NOT NULL)")
            let stored = try db.first("SELECT version FROM ledger_schema") { Int($0.int(0)) }
            let version = stored ?? 0
            if version > schemaVersion { throw .schemaTooNew(found: version, supported: schemaVersion) }
            guard version < schemaVersion else { return }
            for index in version..<schemaVersion {
                try db.execute(PostgreSQLSchema.migrations[index])
            }
            if stored == nil {
                try db.run("INSERT INTO ledger_schema (version) VALUES (?)", [.integer(Int64(schemaVersion))])
            } else {
                try db.run("UPDATE ledger_schema SET version = ?", [.integer(Int64(schemaVersion))])
            }
        }
    }

    /// Whether `name` can be a schema written into SQL as it is: lower-case letters, digits and
    /// `_`, not starting with a digit.
    public static func isSchemaName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
            name.utf8.count <= 63
        else { return false }
        return name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }
}
