/// A payment search (002 5-2: by id, date and/or amount).
public struct PaymentQuery: Hashable, Sendable, Codable {
    /// A payment number.
    public var id: PaymentID?
    /// A local day (in the ledger's zone).
    public var date: LocalDate?
    /// An exact amount.
    public var amount: Yen?
    /// Whether refunded payments are listed.
    public var includeRefunded: Bool
    /// At most this many results, newest first (1 to 1,000).
    public var limit: Int

    /// A search; at least one of `id`, `date`, `amount` must be given.
    public init(
        id: PaymentID? = nil,
        date: LocalDate? = nil,
        amount: Yen? = nil,
        includeRefunded: Bool = true,
        limit: Int = 100
    ) {
        self.id = id
        self.date = date
        self.amount = amount
        self.includeRefunded = includeRefunded
        self.limit = limit
    }
}
