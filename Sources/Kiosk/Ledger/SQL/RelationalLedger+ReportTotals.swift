/// The `report_totals` summary (schema 3): kept inside the confirm and refund transactions, read by
/// the reports in `RelationalLedger+Reports.swift`.
extension RelationalLedger {
    /// Microseconds in one bucket of `report_totals`: a quarter-hour, which divides every real zone's
    /// offset, so a local day is always a whole number of buckets.
    static let reportBucketMicros: Int64 = 900_000_000

    /// The bucket an instant falls in.
    static func reportBucket(of instant: Timestamp) -> Int64 {
        let value = instant.rawValue
        return value >= 0 ? value / reportBucketMicros : (value - reportBucketMicros + 1) / reportBucketMicros
    }

    /// What a change adds to the summary.
    enum ReportTotalsChange {
        /// A payment made in the bucket.
        case paid
        /// A payment made in the bucket was refunded (at any later time).
        case voided
        /// A refund made in the bucket.
        case refunded

        var columns: (count: String, amount: String) {
            switch self {
            case .paid: ("paid_count", "paid_amount")
            case .voided: ("voided_count", "voided_amount")
            case .refunded: ("refund_count", "refund_amount")
            }
        }
    }

    /// Adds one payment, refunded payment or refund to the summary; call inside the transaction that
    /// makes the change, so the summary is never out of step with the rows.
    static func addToReportTotals(
        _ db: any SQLDatabase,
        _ change: ReportTotalsChange,
        at instant: Timestamp,
        amount: Yen,
        program: ProgramCode,
        store: SiteCode,
        terminal: SiteCode
    ) throws(LedgerError) {
        let (count, sum) = change.columns
        try db.run(
            """
            INSERT INTO report_totals (bucket, program, store, terminal, \(count), \(sum)) VALUES (?, ?, ?, ?, 1, ?)
            ON CONFLICT (bucket, program, store, terminal) DO UPDATE
            SET \(count) = report_totals.\(count) + 1, \(sum) = report_totals.\(sum) + excluded.\(sum)
            """,
            [
                .integer(reportBucket(of: instant)), .text(program.rawValue), .text(store.rawValue),
                .text(terminal.rawValue), .integer(amount.rawValue),
            ]
        )
    }
}
