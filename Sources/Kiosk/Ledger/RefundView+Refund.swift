extension RefundView {
    /// The view of a preview.
    public init(_ preview: RefundPreview) {
        self.init(
            payment: PaymentView(preview.payment),
            refund: nil,
            total: preview.total,
            lines: preview.lines.map {
                Line(
                    code: $0.code.description,
                    amount: $0.amount,
                    balanceNow: $0.balanceNow,
                    balanceAfter: $0.balanceAfter
                )
            },
            windowClosesAt: preview.windowClosesAt.description,
            allowed: preview.allowed,
            memo: nil,
            time: nil
        )
    }

    /// The view of a refund done.
    public init(_ refund: Refund, of payment: Payment) {
        self.init(
            payment: PaymentView(payment),
            refund: refund.id.description,
            total: refund.amount,
            lines: payment.lines.map {
                Line(code: $0.code.description, amount: $0.amount, balanceNow: nil, balanceAfter: nil)
            },
            windowClosesAt: nil,
            allowed: nil,
            memo: refund.memo,
            time: refund.at.description
        )
    }
}
