extension RelationalLedger {
    /// Transactions run again after a conflict with another kiosk's, since this ledger opened
    /// (a shared ledger's; always 0 on a kiosk's own file, which has one writer).
    public var conflictsRetried: Int {
        (try? read { db throws(LedgerError) -> Int in (db as? PostgreSQLConnection)?.conflicts ?? 0 }) ?? 0
    }
}
