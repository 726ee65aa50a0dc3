/// The ledger's reports (000's 利用実績, 日別/月別利用実績, 支払一覧; 002's 売上照会) and the records
/// the settlement data export (002 8-4) is made of.
///
/// Read-only. Days are local days of ``Ledger/timeZone``; a range longer than a report allows is
/// refused with ``LedgerError/reportRangeTooLong(report:maximum:requested:)``, never cut short. Kept
/// apart from ``Ledger`` so a ledger can be used (and faked) without them; ``RelationalLedger`` has both.
public protocol LedgerReports: AnyObject, Sendable {
    /// The zone in which days are reckoned.
    var timeZone: LedgerTimeZone { get }

    /// One page of the usage list: payments of a range of days, newest first, with filters.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``,
    ///   ``LedgerError/unknownSite(kind:code:)`` for a store or terminal filter the ledger does not know,
    ///   ``LedgerError/unknownProgram(_:)``.
    func usage(_ query: UsageQuery) throws(LedgerError) -> UsagePage

    /// Per day and program, the payments that stand (not refunded), and their total.
    ///
    /// - Throws: as ``usage(_:)``.
    func dailyTotals(_ query: DailyTotalsQuery) throws(LedgerError) -> TotalsReport<LocalDate>

    /// Per month and program, the payments that stand (not refunded), and their total.
    ///
    /// - Throws: as ``usage(_:)``.
    func monthlyTotals(_ query: MonthlyTotalsQuery) throws(LedgerError) -> TotalsReport<YearMonth>

    /// Per day, payments and refunds made and the net, newest first, and the range's total.
    ///
    /// - Parameters:
    ///   - query: The range (default: the last 7 days) and sites.
    ///   - now: Decides "today" for the default range.
    /// - Returns: The active days, newest first, and the total.
    /// - Throws: as ``usage(_:)``.
    func salesSummary(_ query: SalesQuery, now: Timestamp) throws(LedgerError) -> SalesSummary

    /// Every closing period of a program's calendar with its payout date and the amount due.
    ///
    /// - Throws: ``LedgerError/unknownProgram(_:)``, ``LedgerError/unknownSite(kind:code:)``.
    func settlementList(_ query: SettlementQuery) throws(LedgerError) -> SettlementList

    /// Payments and refunds made in a range of instants, in time order, for the export.
    ///
    /// Callers walk a long period in slices (a day each), so no call holds the ledger for long.
    ///
    /// - Parameters:
    ///   - instants: The half-open range of instants.
    ///   - store: Only this store's payments and their refunds, or all.
    /// - Returns: ND and RF records in time order (at the same instant, payments first).
    /// - Throws: ``LedgerError/unknownSite(kind:code:)``, ``LedgerError/storage(operation:code:message:)``.
    func settlementRecords(in instants: Range<Timestamp>, store: SiteCode?) throws(LedgerError) -> [SettlementRecord]
}
