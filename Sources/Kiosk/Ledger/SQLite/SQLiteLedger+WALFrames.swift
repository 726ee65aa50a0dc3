extension SQLiteLedger {
    /// Pages written to the write-ahead log since the last checkpoint, for benchmarks that count
    /// what a confirmation or refund writes (each page is one 4 KiB frame; the disk's work).
    ///
    /// Runs a passive checkpoint, which copies frames into the main file without truncating the
    /// log, and returns the log's size in frames. Call ``checkpoint()`` first to start from zero;
    /// The ledger's checkpoint at 4,000 frames restarts the count, so measure fewer.
    ///
    /// - Throws: ``LedgerError/storage(operation:code:message:)``.
    public func walFrames() throws(LedgerError) -> Int {
        try withSQLite { db throws(LedgerError) in
            Int(try db.first("PRAGMA wal_checkpoint(PASSIVE)") { $0.int(1) } ?? 0)
        }
    }
}
