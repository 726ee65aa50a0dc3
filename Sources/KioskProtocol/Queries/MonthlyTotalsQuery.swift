/// A search of the monthly totals: at most ``ReportLimits/monthlyMonths`` months.
public struct MonthlyTotalsQuery: Hashable, Sendable, Codable {
    /// The first month.
    public var first: YearMonth
    /// The last month (inclusive).
    public var last: YearMonth
    /// Store and terminal.
    public var sites: SiteFilter

    /// A search of the months `first` through `last`.
    public init(first: YearMonth, last: YearMonth, sites: SiteFilter = .all) {
        self.first = first
        self.last = last
        self.sites = sites
    }

    /// The local days the months cover.
    public var days: LocalDateRange { LocalDateRange(first: first.firstDay, last: last.lastDay) }
}
