extension SQLiteLedger {
    /// Pages written to the write-ahead log since the last checkpoint, for benchmarks that count
    /// what a confirmation or refund writes (each page is one frame of ``pageSize()`` bytes and a
    /// 24-byte header: the disk's work).
    ///
    /// Runs a passive checkpoint, which copies frames into the main file without truncating the
    /// log, and returns the log's size in frames. Call ``checkpoint()`` first to start from zero;
    /// The ledger's checkpoint at 4 MiB of log restarts the count, so measure fewer.
    ///
    /// - Throws: ``LedgerError/storage(operation:code:message:)``.
    public func walFrames() throws(LedgerError) -> Int {
        try withSQLite { db throws(LedgerError) in
            Int(try db.first("PRAGMA wal_checkpoint(PASSIVE)") { $0.int(1) } ?? 0)
        }
    }

    /// The file's page size in bytes (512 for files this code created; older files keep theirs).
    ///
    /// - Throws: ``LedgerError/storage(operation:code:message:)``.
    public func pageSize() throws(LedgerError) -> Int {
        try withSQLite { db throws(LedgerError) in Int(try db.first("PRAGMA page_size") { $0.int(0) } ?? 0) }
    }
}
