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

        /// The statement that adds one change to its bucket's row (built once per kind, not per call).
        var upsert: String {
            switch self {
            case .paid: Self.paidUpsert
            case .voided: Self.voidedUpsert
            case .refunded: Self.refundedUpsert
            }
        }

        private static let paidUpsert = upsertSQL(count: "paid_count", sum: "paid_amount")
        private static let voidedUpsert = upsertSQL(count: "voided_count", sum: "voided_amount")
        private static let refundedUpsert = upsertSQL(count: "refund_count", sum: "refund_amount")

        private static func upsertSQL(count: String, sum: String) -> String {
            """
            INSERT INTO report_totals (bucket, program, store, terminal, \(count), \(sum)) VALUES (?, ?, ?, ?, 1, ?)
            ON CONFLICT (bucket, program, store, terminal) DO UPDATE
            SET \(count) = report_totals.\(count) + 1, \(sum) = report_totals.\(sum) + excluded.\(sum)
            """
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
        try db.runLater(
            change.upsert,
            [
                .integer(reportBucket(of: instant)), .text(program.rawValue), .text(store.rawValue),
                .text(terminal.rawValue), .integer(amount.rawValue),
            ]
        )
    }
}
