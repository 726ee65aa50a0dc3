/// One day of the sales summary (売上照会): payments and refunds made that day, and the net.
public struct SalesDay: Hashable, Sendable, Codable {
    /// The local day.
    public var day: LocalDate
    /// Payments made that day (決済件数・金額), refunded since or not.
    public var payments: Tally
    /// Refunds made that day (返金件数・金額), whatever day their payment was.
    public var refunds: Tally

    /// A day from its parts.
    public init(day: LocalDate, payments: Tally, refunds: Tally) {
        self.day = day
        self.payments = payments
        self.refunds = refunds
    }

    /// Payments less refunds (合計決済額); negative on a day with more refunded than paid.
    public var net: Yen { payments.amount - refunds.amount }
}
