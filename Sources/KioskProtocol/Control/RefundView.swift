/// A refund, or the preview of one, as the control protocol shows it.
public struct RefundView: Hashable, Sendable, Codable {
    /// One code's part of the refund.
    public struct Line: Hashable, Sendable, Codable {
        /// The code, as printed.
        public let code: String
        /// What returns to it.
        public let amount: Yen
        /// Its balance now (in a preview) or before the refund.
        public let balanceNow: Yen?
        /// Its balance after the refund.
        public let balanceAfter: Yen?

        /// A line from its fields.
        public init(code: String, amount: Yen, balanceNow: Yen?, balanceAfter: Yen?) {
            self.code = code
            self.amount = amount
            self.balanceNow = balanceNow
            self.balanceAfter = balanceAfter
        }

        enum CodingKeys: String, CodingKey {
            case code, amount
            case balanceNow = "balance_now"
            case balanceAfter = "balance_after"
        }
    }

    /// The payment refunded (or to refund).
    public let payment: PaymentView
    /// The refund's id, once done.
    public let refund: String?
    /// The total returned.
    public let total: Yen
    /// The lines, in a preview.
    public let lines: [Line]
    /// When the store's refund window closes (UTC).
    public let windowClosesAt: String?
    /// Whether the account asking may refund it now (in a preview).
    public let allowed: Bool?
    /// The memo, once done.
    public let memo: String?
    /// When it was refunded (UTC), once done.
    public let time: String?

    /// A refund's (or a preview's) view from its fields.
    public init(
        payment: PaymentView,
        refund: String?,
        total: Yen,
        lines: [Line],
        windowClosesAt: String?,
        allowed: Bool?,
        memo: String?,
        time: String?
    ) {
        self.payment = payment
        self.refund = refund
        self.total = total
        self.lines = lines
        self.windowClosesAt = windowClosesAt
        self.allowed = allowed
        self.memo = memo
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case payment, refund, total, lines, allowed, memo, time
        case windowClosesAt = "window_closes_at"
    }
}
