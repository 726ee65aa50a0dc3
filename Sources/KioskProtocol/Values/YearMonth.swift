/// A calendar month, such as 2026-07: the rows of the monthly totals (月別利用実績).
public struct YearMonth: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The year, such as 2026.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int

    /// A month from its parts, or `nil` when the month is not 1 to 12 or the year not 1 to 9999.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses "YYYY-MM", or returns `nil`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month a day falls in.
    public init(of day: LocalDate) {
        year = day.year
        month = day.month
    }

    /// The first day of the month.
    public var firstDay: LocalDate { LocalDate(year: year, month: month, day: 1) ?? LocalDate(daysSinceEpoch: 0) }

    /// The last day of the month.
    public var lastDay: LocalDate { firstDay.adding(months: 1).adding(days: -1) }

    /// Months from `other` to this month (0 for the same month).
    public func months(since other: YearMonth) -> Int { (year - other.year) * 12 + (month - other.month) }

    /// Orders months in time.
    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.months(since: rhs) < 0 }

    /// "YYYY-MM".
    public var description: String { zeroPadded(year, width: 4) + "-" + zeroPadded(month, width: 2) }

    /// Encodes as "YYYY-MM".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes "YYYY-MM".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
            let value = YearMonth(year: y, month: m)
        else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM month: \(text)") }
        self = value
    }
}
