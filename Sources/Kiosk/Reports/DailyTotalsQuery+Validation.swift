extension DailyTotalsQuery {
    /// Checks the range.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``.
    public func validate() throws(LedgerError) {
        try days.validate(atMostDays: ReportLimits.dailyDays, report: "The daily totals")
    }
}
