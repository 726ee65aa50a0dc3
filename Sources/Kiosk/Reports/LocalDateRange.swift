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

    /// Checks that the range does not end before it starts.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``.
    public func validate() throws(LedgerError) {
        guard first <= last else { throw .invalidQuery(reason: "the range ends (\(last)) before it starts (\(first))") }
    }

    /// Checks the order and that the range covers at most `days` days.
    ///
    /// - Parameters:
    ///   - days: The most days the report may cover.
    ///   - report: The report's name for the message, such as "The daily totals".
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``.
    public func validate(atMostDays days: Int, report: String) throws(LedgerError) {
        try validate()
        guard dayCount <= days else {
            throw .reportRangeTooLong(report: report, maximum: "\(days) days", requested: description)
        }
    }

    /// Checks the order and that the range ends before the same day `months` months after it starts.
    ///
    /// "At most 3 months" from 2026-07-15 allows up to 2026-10-14; from 2026-11-30, up to 2027-02-27
    /// (the day is clamped to the shorter month, then the range stops the day before).
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``.
    public func validate(atMostMonths months: Int, report: String) throws(LedgerError) {
        try validate()
        guard last < first.adding(months: months) else {
            throw .reportRangeTooLong(report: report, maximum: "\(months) months", requested: description)
        }
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

extension LedgerTimeZone {
    /// The half-open range of instants that make up a range of local days.
    public func instants(of days: LocalDateRange) -> Range<Timestamp> {
        startOfDay(days.first)..<startOfDay(days.last.adding(days: 1))
    }
}
