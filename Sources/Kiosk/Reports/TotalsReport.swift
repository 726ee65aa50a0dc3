/// The daily (日別利用実績) or monthly (月別利用実績) totals: per period and program, and a total row.
///
/// A payment counts on the day it was made; a refunded one no longer counts at all (000: "日別や
/// 月別の集計に取り消しが反映されます"). Periods and programs with no standing payment have no row.
public struct TotalsReport<Period: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    /// The rows, oldest period first, then by program code.
    public var rows: [TotalsRow<Period>]
    /// The sum of every row (合計).
    public var total: Tally

    /// A report from its rows; the total is their sum.
    public init(rows: [TotalsRow<Period>]) {
        self.rows = rows
        total = rows.reduce(Tally.zero) { $0 + $1.tally }
    }
}

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

    /// Checks the range.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``.
    public func validate() throws(LedgerError) {
        try days.validate(atMostDays: ReportLimits.dailyDays, report: "The daily totals")
    }
}

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

    /// Checks the order and the number of months.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``.
    public func validate() throws(LedgerError) {
        guard first <= last else { throw .invalidQuery(reason: "the range ends (\(last)) before it starts (\(first))") }
        let months = last.months(since: first) + 1
        guard months <= ReportLimits.monthlyMonths else {
            throw .reportRangeTooLong(
                report: "The monthly totals",
                maximum: "\(ReportLimits.monthlyMonths) months",
                requested: "\(first) to \(last) (\(months) months)"
            )
        }
    }
}
