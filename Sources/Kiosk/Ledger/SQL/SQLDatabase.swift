/// A value bound to a `?` placeholder.
enum SQLValue {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}

/// The SQL dialect a connection speaks, for the few statements the two databases write differently.
enum SQLDialect {
    case sqlite
    case postgresql
}

/// What the ledger's shared logic needs from a database connection: statements with `?`
/// placeholders, rows, and transactions. SQLite and PostgreSQL implement it; nothing outside
/// `Sources/Kiosk/Ledger` sees it.
///
/// Statements use the SQL both databases accept (`ON CONFLICT`, `RETURNING`, integer division,
/// `coalesce`); where they differ, the shared code asks ``dialect``.
protocol SQLDatabase: AnyObject {
    /// Which database this is.
    var dialect: SQLDialect { get }

    /// Runs SQL text of one or more statements, without placeholders or results.
    func execute(_ sql: String) throws(LedgerError)

    /// Runs `sql` (one statement with placeholders) and hands each result row to `row`.
    func query(_ sql: String, _ bindings: [SQLValue], row: (SQLRow) throws(LedgerError) -> Void) throws(LedgerError)

    /// Runs `sql` and returns the number of rows it changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> Int

    /// Runs `sql` (a change whose result is not needed), possibly later: a server may send it in
    /// one round trip with the next statement whose result is needed, at the latest the commit,
    /// and its error is thrown then. Outside a transaction, at once.
    func runLater(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError)

    /// Runs an INSERT into a table keyed by an integer `id` the database assigns, and returns the
    /// new row's id (SQLite: its rowid; PostgreSQL: `RETURNING id`).
    func insert(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> Int64

    /// Runs `body` in one write transaction, all or nothing.
    ///
    /// `durable: false` may commit without waiting for the disk (holds only: they are released
    /// when a kiosk starts). The body may run more than once when the database reports a
    /// conflict with a concurrent transaction, so it must not act outside the database.
    func transaction<T>(durable: Bool, _ body: () throws(LedgerError) -> T) throws(LedgerError) -> T

    /// Runs `body`, which reads (or, in tests and tools, changes) the database outside a write
    /// transaction, with whatever the connection needs around it.
    func reading<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T

    /// The database's own check of the stored data: "ok", or the problems it found.
    func integrityCheck() throws(LedgerError) -> String

    /// Bytes the ledger's data takes on disk (SQLite: the file and its WAL; PostgreSQL: the
    /// ledger's tables with their indexes).
    func storageBytes() throws(LedgerError) -> Int64

    /// The head of a terminal's audit chain as this connection's own committed transactions left
    /// it, or `nil`: read it from the database. A kiosk is its terminal chain's one writer, so on a
    /// shared ledger this spares a confirm a round trip; a head some other writer has moved on is
    /// still safe: the entry after it takes a position the chain already has, the unique index on
    /// positions refuses it, and the transaction runs again with the head forgotten.
    func rememberedAuditHead(of chain: String) -> AuditCheckpoint?

    /// Notes the head an entry of the current transaction leaves on a terminal's chain, remembered
    /// once the transaction commits (a failed one forgets every head).
    func remember(auditHead: AuditCheckpoint, of chain: String)

    /// A mark that moves whenever a merchant, store or terminal may have changed since the last
    /// one (the server said so, or the connection was made again), so the ledger may keep what it
    /// read about its sites until the mark moves; `nil` when the connection cannot tell (a kiosk's
    /// own file, a pooled or broken connection): read them again each time.
    func siteChangeMark() -> UInt64?
}

extension SQLDatabase {
    @discardableResult
    func run(_ sql: String) throws(LedgerError) -> Int { try run(sql, []) }

    /// The first row's value, or `nil` when there is none.
    func first<T>(_ sql: String, _ bindings: [SQLValue] = [], _ read: (SQLRow) -> T) throws(LedgerError) -> T? {
        var value: T?
        try query(sql, bindings) { (row: SQLRow) throws(LedgerError) in
            if value == nil { value = read(row) }
        }
        return value
    }

    /// Every row's value, in order.
    func all<T>(_ sql: String, _ bindings: [SQLValue] = [], _ read: (SQLRow) -> T) throws(LedgerError) -> [T] {
        var values: [T] = []
        try query(sql, bindings) { (row: SQLRow) throws(LedgerError) in values.append(read(row)) }
        return values
    }
}
