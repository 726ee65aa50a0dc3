/// A search of the usage list (利用実績): payments in a range of local days, with filters.
public struct UsageQuery: Hashable, Sendable, Codable {
    /// The local days searched, at most ``ReportLimits/usageMonths`` months.
    public var days: LocalDateRange
    /// Store and terminal.
    public var sites: SiteFilter
    /// Only this program's payments (商品).
    public var program: ProgramCode?
    /// Only this payment (決済番号).
    public var payment: PaymentID?
    /// Only payments of exactly this amount (利用金額).
    public var amount: Yen?
    /// Whether refunded payments are listed (000: "取消実績を含めない" unchecked).
    public var includeRefunded: Bool
    /// The page, from 1.
    public var page: Int
    /// Rows per page, 1 to ``ReportLimits/maximumPageSize``.
    public var pageSize: Int

    /// A search; only `days` is required.
    public init(
        days: LocalDateRange,
        sites: SiteFilter = .all,
        program: ProgramCode? = nil,
        payment: PaymentID? = nil,
        amount: Yen? = nil,
        includeRefunded: Bool = true,
        page: Int = 1,
        pageSize: Int = ReportLimits.defaultPageSize
    ) {
        self.days = days
        self.sites = sites
        self.program = program
        self.payment = payment
        self.amount = amount
        self.includeRefunded = includeRefunded
        self.page = page
        self.pageSize = pageSize
    }
}
