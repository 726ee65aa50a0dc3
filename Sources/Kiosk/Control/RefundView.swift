/// A refund, or the preview of one, as the control protocol shows it.
public struct RefundView: Hashable, Sendable, Encodable {
    /// One code's part of the refund.
    public struct Line: Hashable, Sendable, Encodable {
        /// The code, as printed.
        public let code: String
        /// What returns to it.
        public let amount: Yen
        /// Its balance now (in a preview) or before the refund.
        public let balanceNow: Yen?
        /// Its balance after the refund.
        public let balanceAfter: Yen?

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

    /// The view of a preview.
    public init(_ preview: RefundPreview) {
        payment = PaymentView(preview.payment)
        refund = nil
        total = preview.total
        lines = preview.lines.map {
            Line(code: $0.code.description, amount: $0.amount, balanceNow: $0.balanceNow, balanceAfter: $0.balanceAfter)
        }
        windowClosesAt = preview.windowClosesAt.description
        allowed = preview.allowed
        memo = nil
        time = nil
    }

    /// The view of a refund done.
    public init(_ refund: Refund, of payment: Payment) {
        self.payment = PaymentView(payment)
        self.refund = refund.id.description
        total = refund.amount
        lines = payment.lines.map { Line(code: $0.code.description, amount: $0.amount, balanceNow: nil, balanceAfter: nil) }
        windowClosesAt = nil
        allowed = nil
        memo = refund.memo
        time = refund.at.description
    }

    enum CodingKeys: String, CodingKey {
        case payment, refund, total, lines, allowed, memo, time
        case windowClosesAt = "window_closes_at"
    }
}
