/// The sales summary (売上照会): each day with activity, newest first, and the period's total.
public struct SalesSummary: Hashable, Sendable, Codable {
    /// The days searched.
    public var range: LocalDateRange
    /// Days with a payment or a refund, newest first.
    public var days: [SalesDay]
    /// The whole range (指定期間合計).
    public var total: SalesTotal

    /// A summary from its days; the total is their sum.
    public init(range: LocalDateRange, days: [SalesDay]) {
        self.range = range
        self.days = days
        total = SalesTotal(
            payments: days.reduce(Tally.zero) { $0 + $1.payments },
            refunds: days.reduce(Tally.zero) { $0 + $1.refunds }
        )
    }
}

/// Payments and refunds of a whole range, and the net.
public struct SalesTotal: Hashable, Sendable, Codable {
    /// Payments made in the range.
    public var payments: Tally
    /// Refunds made in the range.
    public var refunds: Tally

    /// A total from its parts.
    public init(payments: Tally, refunds: Tally) {
        self.payments = payments
        self.refunds = refunds
    }

    /// Payments less refunds.
    public var net: Yen { payments.amount - refunds.amount }
}
