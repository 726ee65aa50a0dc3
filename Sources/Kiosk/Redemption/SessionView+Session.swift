extension SessionView {
    /// The view of a session.
    ///
    /// - Parameter session: The desk's session.
    public init(_ session: RedemptionSession) {
        let payment: String? = if case .confirmed(let payment) = session.state { payment.description } else { nil }
        self.init(
            session: session.id.description,
            program: session.program.description,
            state: session.state.name,
            amount: session.amount,
            total: session.total,
            missing: session.missing,
            lines: session.lines.map {
                Line(code: $0.code.description, amount: $0.amount, balanceBefore: $0.balanceBefore)
            },
            payment: payment
        )
    }

    /// The view of a session the desk no longer holds, from the payment made in it (after a
    /// restart): confirmed, its lines as paid.
    public init(paidIn payment: Payment) {
        self.init(
            session: payment.session.description,
            program: payment.program.description,
            state: "confirmed",
            amount: payment.requested,
            total: payment.amount,
            missing: payment.requested - payment.amount,
            lines: payment.lines.map {
                Line(code: $0.code.description, amount: $0.amount, balanceBefore: $0.balanceAfter + $0.amount)
            },
            payment: payment.id.description
        )
    }
}
