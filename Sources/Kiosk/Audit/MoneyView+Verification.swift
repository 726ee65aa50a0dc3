extension MoneyView {
    /// The view of a comparison of the money rows with the audit chain.
    public init(_ verification: MoneyVerification) {
        self.init(
            ok: verification.ok,
            payments: verification.payments,
            refunds: verification.refunds,
            vouchers: verification.vouchers,
            etickets: verification.eTickets,
            findings: verification.findings.map(\.description)
        )
    }
}
