/// A search of the sales summary: a range of at most ``ReportLimits/salesDays`` days, or the last
/// ``ReportLimits/salesDefaultDays`` days when `days` is `nil` (002 7-2: "過去7日分…日付の新しい順").
public struct SalesQuery: Hashable, Sendable, Codable {
    /// The local days, or `nil` for the last 7 days up to today.
    public var days: LocalDateRange?
    /// Store and terminal.
    public var sites: SiteFilter

    /// A search; with no range, the last 7 days.
    public init(days: LocalDateRange? = nil, sites: SiteFilter = .all) {
        self.days = days
        self.sites = sites
    }

    /// The range searched: `days`, or the 7 local days ending on `today`.
    public func resolved(today: LocalDate) -> LocalDateRange {
        days ?? LocalDateRange(first: today.adding(days: -(ReportLimits.salesDefaultDays - 1)), last: today)
    }
}
