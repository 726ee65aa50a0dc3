extension BalanceView {
    /// The view of a balance.
    ///
    /// - Parameter balance: The ledger's answer.
    public init(_ balance: CodeBalance) {
        self.init(
            code: balance.code.description,
            balance: balance.balance,
            state: balance.voucherState?.rawValue,
            spentIn: balance.spentIn?.description,
            expiry: balance.expiry?.description,
            held: balance.held
        )
    }
}
