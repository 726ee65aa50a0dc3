/// An amount of money in whole yen.
///
/// Money is never a floating-point number: the ledger stores, adds and compares integer yen,
/// so a total is exact and a refund returns exactly what was paid.
public struct Yen: RawRepresentable, Hashable, Comparable, Sendable, Codable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    /// The amount in yen; negative only as a difference, never as a stored price or balance.
    public var rawValue: Int64

    /// Wraps an amount in yen.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Wraps an amount in yen.
    public init(_ value: Int64) { self.rawValue = value }

    /// Writes `Yen` literals as plain integers: `let price: Yen = 1000`.
    public init(integerLiteral value: Int64) { self.rawValue = value }

    /// Zero yen.
    public static let zero = Yen(0)

    /// Orders amounts by value.
    public static func < (lhs: Yen, rhs: Yen) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Adds two amounts.
    public static func + (lhs: Yen, rhs: Yen) -> Yen { Yen(lhs.rawValue + rhs.rawValue) }

    /// Subtracts two amounts.
    public static func - (lhs: Yen, rhs: Yen) -> Yen { Yen(lhs.rawValue - rhs.rawValue) }

    /// Adds an amount in place.
    public static func += (lhs: inout Yen, rhs: Yen) { lhs.rawValue += rhs.rawValue }

    /// Subtracts an amount in place.
    public static func -= (lhs: inout Yen, rhs: Yen) { lhs.rawValue -= rhs.rawValue }

    /// The amount as an operator reads it, with thousands separators: "3,000 yen".
    public var description: String {
        let digits = String(rawValue.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (rawValue < 0 ? "-" : "") + grouped + " yen"
    }

    /// Encodes as a bare integer, as the wire protocol carries amounts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Decodes from a bare integer.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }
}
