/// A search of the daily totals: at most ``ReportLimits/dailyDays`` days.
public struct DailyTotalsQuery: Hashable, Sendable, Codable {
    /// The local days.
    public var days: LocalDateRange
    /// Store and terminal.
    public var sites: SiteFilter

    /// A search of `days`, optionally of one store or terminal.
    public init(days: LocalDateRange, sites: SiteFilter = .all) {
        self.days = days
        self.sites = sites
    }
}
