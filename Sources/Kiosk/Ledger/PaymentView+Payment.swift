extension PaymentView {
    /// The view of a payment.
    ///
    /// - Parameters:
    ///   - payment: The ledger's payment.
    ///   - refundMemo: The refund's memo, when the view shows it (refund search).
    public init(_ payment: Payment, refundMemo: String? = nil) {
        self.init(
            payment: payment.id.description,
            time: payment.at.description,
            program: payment.program.description,
            store: payment.store.description,
            terminal: payment.terminal.description,
            operatorName: payment.operatorName,
            requested: payment.requested,
            amount: payment.amount,
            lines: payment.lines.map {
                Line(code: $0.code.description, amount: $0.amount, balanceAfter: $0.balanceAfter)
            },
            session: payment.session.description,
            refund: payment.refund?.description,
            refundMemo: refundMemo
        )
    }
}
