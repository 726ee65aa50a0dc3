/// A count of payments (or refunds) and their amount: one cell pair of a totals report.
public struct Tally: Hashable, Sendable, Codable {
    /// How many.
    public var count: Int
    /// Their amount together.
    public var amount: Yen

    /// A tally from its parts.
    public init(count: Int, amount: Yen) {
        self.count = count
        self.amount = amount
    }

    /// Nothing counted.
    public static let zero = Tally(count: 0, amount: .zero)

    /// Adds two tallies.
    public static func + (lhs: Tally, rhs: Tally) -> Tally {
        Tally(count: lhs.count + rhs.count, amount: lhs.amount + rhs.amount)
    }

    /// Adds a tally in place.
    public static func += (lhs: inout Tally, rhs: Tally) { lhs = lhs + rhs }
}
