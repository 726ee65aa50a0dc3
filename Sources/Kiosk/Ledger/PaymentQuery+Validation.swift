extension PaymentQuery {
    /// Checks the search.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``.
    public func validate() throws(LedgerError) {
        guard id != nil || date != nil || amount != nil else {
            throw .invalidQuery(reason: "give a payment id, a date or an amount")
        }
        guard (1...1000).contains(limit) else {
            throw .invalidQuery(reason: "the limit must be 1 to 1000, got \(limit)")
        }
        if let amount, amount <= .zero { throw .invalidQuery(reason: "the amount must be more than 0 yen") }
    }
}
