/// An inclusive range of local days, the period a report covers ("2026-07-01 to 2026-07-31").
///
/// Days, not instants: which instants belong to them depends on the ledger's zone
/// (``LedgerTimeZone``), so a report for "July" means July where the kiosk stands.
public struct LocalDateRange: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The first day covered.
    public var first: LocalDate
    /// The last day covered (inclusive).
    public var last: LocalDate

    /// A range from its first and last day; ``validate()`` checks the order.
    public init(first: LocalDate, last: LocalDate) {
        self.first = first
        self.last = last
    }

    /// The single day `day`.
    public init(_ day: LocalDate) { self.init(first: day, last: day) }

    /// How many days the range covers (1 for a single day).
    public var dayCount: Int { Int(last.daysSinceEpoch - first.daysSinceEpoch) + 1 }

    /// Every day of the range, oldest first.
    public var days: [LocalDate] { (0..<max(0, dayCount)).map { first.adding(days: $0) } }

    /// Whether `day` is in the range.
    public func contains(_ day: LocalDate) -> Bool { first <= day && day <= last }

    /// "2026-07-01 to 2026-07-31 (31 days)", as error messages name a range.
    public var description: String {
        let unit = dayCount == 1 ? "day" : "days"
        return "\(first) to \(last) (\(dayCount) \(unit))"
    }
}

extension LocalDate {
    /// The same day of the month `count` months later, clamped to the month's last day.
    public func adding(months count: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + count
        let newYear = index / 12
        let newMonth = index % 12 + 1
        let newDay = min(day, LocalDate.daysIn(month: newMonth, year: newYear))
        return LocalDate(year: newYear, month: newMonth, day: newDay) ?? self
    }
}
