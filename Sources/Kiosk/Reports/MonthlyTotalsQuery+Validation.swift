extension MonthlyTotalsQuery {
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
