import Synchronization

extension RelationalLedger {
    /// Runs `body` with the SQLite connection itself, under the lock (SQLite-only statements);
    /// `nil` without running it on a shared ledger, whose connection is left untouched (no round
    /// trip to the server).
    func withSQLite<T: Sendable>(_ body: (SQLiteConnection) throws(LedgerError) -> T) throws(LedgerError) -> T? {
        try connection.withLock { (db: inout any SQLDatabase) throws(LedgerError) -> T? in
            guard let sqlite = db as? SQLiteConnection else { return nil }
            return try sqlite.reading { () throws(LedgerError) -> T in try body(sqlite) }
        }
    }

    /// Runs a checkpoint that copies the WAL into the main file and truncates it; on a shared
    /// ledger, nothing (the server checkpoints its own log).
    ///
    /// - Throws: ``LedgerError/storage(operation:code:message:)``.
    public func checkpoint() throws(LedgerError) {
        _ = try withSQLite { db throws(LedgerError) in try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Pages written to the write-ahead log since the last checkpoint, for benchmarks that count
    /// what a confirmation or refund writes (each page is one frame of ``pageSize()`` bytes and a
    /// 24-byte header: the disk's work); 0 on a shared ledger, whose log is the server's.
    ///
    /// Runs a passive checkpoint, which copies frames into the main file without truncating the
    /// log, and returns the log's size in frames. Call ``checkpoint()`` first to start from zero;
    /// The ledger's checkpoint at 4 MiB of log restarts the count, so measure fewer.
    ///
    /// - Throws: ``LedgerError/storage(operation:code:message:)``.
    public func walFrames() throws(LedgerError) -> Int {
        try withSQLite { db throws(LedgerError) in
            Int(try db.first("PRAGMA wal_checkpoint(PASSIVE)") { $0.int(1) } ?? 0)
        } ?? 0
    }

    /// The file's page size in bytes (512 for files this code created; older files keep theirs);
    /// 0 on a shared ledger, which has no file of its own.
    ///
    /// - Throws: ``LedgerError/storage(operation:code:message:)``.
    public func pageSize() throws(LedgerError) -> Int {
        try withSQLite { db throws(LedgerError) in Int(try db.first("PRAGMA page_size") { $0.int(0) } ?? 0) } ?? 0
    }
}
