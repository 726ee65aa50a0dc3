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
