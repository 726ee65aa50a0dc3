/// The longest range each report accepts, from the seeds' screens.
///
/// 000's 利用実績 and 月別利用実績 allow "最大3ヶ月", its 日別利用実績 "最大31日"; 002's 売上照会 shows
/// "過去31日間". A longer range is refused with ``LedgerError/reportRangeTooLong(report:maximum:requested:)``
/// rather than cut short, so an operator never mistakes a partial report for a whole one.
public enum ReportLimits {
    /// The usage list covers at most 3 months.
    public static let usageMonths = 3
    /// Rows on a page of the usage list by default (000: "25 件表示する").
    public static let defaultPageSize = 25
    /// The most rows on one page of the usage list.
    public static let maximumPageSize = 500
    /// The highest page number of the usage list: three months of payments at the smallest page
    /// size never reach it, and the page's offset stays far inside a 64-bit count.
    public static let maximumPage = 10_000_000
    /// The daily totals cover at most 31 days.
    public static let dailyDays = 31
    /// The monthly totals cover at most 3 months.
    public static let monthlyMonths = 3
    /// The sales summary covers at most 31 days.
    public static let salesDays = 31
    /// The sales summary covers the last 7 days (today included) when no range is given.
    public static let salesDefaultDays = 7
    /// An export covers at most 366 days (a program's whole life fits; a typo of a decade does not).
    public static let exportDays = 366
}
