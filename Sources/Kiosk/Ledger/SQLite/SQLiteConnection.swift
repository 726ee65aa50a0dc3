internal import CSQLite
internal import CSQLiteWAL
import Foundation

/// One SQLite connection with a cache of prepared statements.
final class SQLiteConnection: SQLDatabase {
    var dialect: SQLDialect { .sqlite }
    private let handle: OpaquePointer
    private var statements: [StatementKey: OpaquePointer] = [:]
    let path: String

    init(path: String) throws(LedgerError) {
        _ = sqliteConfigured
        var pointer: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        // The WAL-batching VFS when it registered (it always does on Linux), else SQLite's default.
        let result = sqlite3_open_v2(path, &pointer, flags, csqlite_wal_batch_vfs())
        guard result == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot allocate a connection"
            sqlite3_close_v2(pointer)
            throw .storage(operation: "open \(path)", code: result, message: message)
        }
        handle = pointer
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// `PRAGMA integrity_check`'s verdict: "ok" or the problems found in the file.
    func integrityCheck() throws(LedgerError) -> String {
        try all("PRAGMA integrity_check") { $0.text(0) }.joined(separator: "; ")
    }

    /// The file's and its WAL's sizes.
    func storageBytes() throws(LedgerError) -> Int64 {
        var size: Int64 = 0
        for suffix in ["", "-wal"] {
            var info = stat()
            if stat(path + suffix, &info) == 0 { size += Int64(info.st_size) }
        }
        return size
    }

    /// A SQLite file has one writer at a time and its head is a local read: never remembered.
    func rememberedAuditHead(of chain: String) -> AuditCheckpoint? { nil }

    func remember(auditHead: AuditCheckpoint, of chain: String) {}

    /// A kiosk's own file is read where it is: nothing to keep, no mark.
    func siteChangeMark() -> UInt64? { nil }

    /// Runs SQL text of one or more statements without results.
    func execute(_ sql: String) throws(LedgerError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if result != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw .storage(operation: "run \(sql.prefix(40))", code: result, message: message)
        }
    }

    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last insert.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs a statement, calling `row` for each result row.
    func query(
        _ sql: String,
        _ bindings: [SQLValue],
        row: (SQLRow) throws(LedgerError) -> Void
    ) throws(LedgerError) {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in bindings.enumerated() {
            let position = Int32(index + 1)
            let result: Int32
            switch value {
            case .integer(let number): result = sqlite3_bind_int64(statement, position, number)
            case .text(let text):
                // SQLite copies the bytes; the length makes a terminating NUL unnecessary.
                result =
                    text.utf8.withContiguousStorageIfAvailable { bytes -> Int32 in
                        // An empty text still needs a pointer: a null one would bind NULL.
                        guard let base = bytes.baseAddress, !bytes.isEmpty else {
                            return csqlite_bind_text_transient(statement, position, "", 0)
                        }
                        return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                            csqlite_bind_text_transient(statement, position, $0, Int32(bytes.count))
                        }
                    }
                    ?? text.utf8CString.withUnsafeBufferPointer {
                        csqlite_bind_text_transient(statement, position, $0.baseAddress, Int32($0.count - 1))
                    }
            case .blob(let bytes):
                result = bytes.withUnsafeBytes {
                    csqlite_bind_blob_transient(
                        statement,
                        position,
                        $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                        Int32($0.count)
                    )
                }
            case .null: result = sqlite3_bind_null(statement, position)
            }
            guard result == SQLITE_OK else { throw error(result, "bind \(sql.prefix(40))") }
        }
        while true {
            let result = sqlite3_step(statement)
            if result == SQLITE_DONE { return }
            guard result == SQLITE_ROW else { throw error(result, "step \(sql.prefix(60))") }
            try row(SQLRow(source: .sqlite(statement)))
        }
    }

    /// The rowid SQLite assigned (cheaper than `RETURNING`, which buffers its rows).
    func insert(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> Int64 {
        try run(sql, bindings)
        return lastInsertRowID
    }

    /// Runs a statement that returns no rows; returns the rows it changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) -> Int {
        try query(sql, bindings) { _ throws(LedgerError) in }
        return changes
    }

    private func prepared(_ sql: String) throws(LedgerError) -> OpaquePointer {
        let key = StatementKey(sql: sql)
        if let statement = statements[key] { return statement }
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw error(result, "prepare \(sql.prefix(60))") }
        statements[key] = statement
        return statement
    }

    private func error(_ code: Int32, _ operation: String) -> LedgerError {
        .storage(operation: operation, code: code, message: String(cString: sqlite3_errmsg(handle)))
    }

    /// `BEGIN IMMEDIATE` takes the write lock first, so a transaction never fails half way on
    /// another writer; `durable: false` commits with `synchronous=NORMAL` (a later durable commit
    /// syncs it too).
    func reading<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T { try body() }

    func runLater(_ sql: String, _ bindings: [SQLValue]) throws(LedgerError) { try run(sql, bindings) }

    func transaction<T>(durable: Bool, _ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        if !durable { try run("PRAGMA synchronous=NORMAL") }
        defer { if !durable { _ = try? run("PRAGMA synchronous=FULL") } }
        return try transaction(body)
    }

    /// Runs `body` in one transaction (`BEGIN IMMEDIATE`, then `COMMIT`); any error rolls back and
    /// is rethrown.
    func transaction<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            // The body's error is the one worth reporting; a failed rollback leaves autocommit off,
            // which the next BEGIN reports.
            _ = try? run("ROLLBACK")
            throw error
        }
    }
}

/// Process-wide SQLite settings, made once before the first connection opens.
private let sqliteConfigured: Bool = csqlite_disable_memory_statistics() == SQLITE_OK

/// A statement's text as the cache's key. Hashing every byte of a statement's text on every call
/// cost more than some statements themselves; the texts differ in length or near their ends
/// (their `WHERE` clauses), so the length and three 8-byte words are hashed, and equality still
/// compares the whole text.
private struct StatementKey: Hashable {
    let sql: String

    static func == (a: StatementKey, b: StatementKey) -> Bool { a.sql == b.sql }

    func hash(into hasher: inout Hasher) {
        let utf8 = sql.utf8
        hasher.combine(utf8.count)
        let hashed: Void? = utf8.withContiguousStorageIfAvailable { text in
            let bytes = UnsafeRawBufferPointer(text)
            guard bytes.count >= 8 else { return hasher.combine(bytes: bytes) }
            for offset in [0, bytes.count / 2 - 4, bytes.count - 8] {
                hasher.combine(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
        }
        if hashed == nil { hasher.combine(sql) }
    }
}
