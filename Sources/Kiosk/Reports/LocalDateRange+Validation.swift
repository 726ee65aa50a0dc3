extension LocalDateRange {
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

extension LedgerTimeZone {
    /// The half-open range of instants that make up a range of local days.
    public func instants(of days: LocalDateRange) -> Range<Timestamp> {
        startOfDay(days.first)..<startOfDay(days.last.adding(days: 1))
    }
}
