extension UsageQuery {
    /// Checks the range, the page and the amount.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``.
    public func validate() throws(LedgerError) {
        try days.validate(atMostMonths: ReportLimits.usageMonths, report: "The usage list")
        guard (1...ReportLimits.maximumPage).contains(page) else {
            throw .invalidQuery(reason: "the page must be 1 to \(ReportLimits.maximumPage), got \(page)")
        }
        guard (1...ReportLimits.maximumPageSize).contains(pageSize) else {
            throw .invalidQuery(reason: "the page size must be 1 to \(ReportLimits.maximumPageSize), got \(pageSize)")
        }
        if let amount, amount <= .zero { throw .invalidQuery(reason: "the amount must be more than 0 yen") }
    }
}
