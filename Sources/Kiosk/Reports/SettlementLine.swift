/// One closing period of a program's settlement calendar and what is due for it (支払一覧's line).
public struct SettlementLine: Hashable, Sendable, Codable {
    /// The local days the period covers (対象期間): from the day after the previous closing (the
    /// program's first valid day for the first period) through the closing day.
    public var days: LocalDateRange
    /// The day the merchant is paid (支払予定日).
    public var payout: LocalDate
    /// Payments made in the period.
    public var payments: Tally
    /// Refunds made in the period, whatever period their payment was in: a refund the program office
    /// makes after a payment was settled is taken back from the period in which it is made.
    public var refunds: Tally

    /// A line from its parts.
    public init(days: LocalDateRange, payout: LocalDate, payments: Tally, refunds: Tally) {
        self.days = days
        self.payout = payout
        self.payments = payments
        self.refunds = refunds
    }

    /// The closing day.
    public var closing: LocalDate { days.last }

    /// What is paid out for the period (支払金額): payments less refunds.
    public var due: Yen { payments.amount - refunds.amount }
}

/// The settlement list (支払一覧): every period of a program's calendar, oldest first.
public struct SettlementList: Hashable, Sendable, Codable {
    /// The program.
    public var program: ProgramCode
    /// The program's name.
    public var programName: String
    /// One line per closing, oldest first.
    public var lines: [SettlementLine]

    /// A list from its parts.
    public init(program: ProgramCode, programName: String, lines: [SettlementLine]) {
        self.program = program
        self.programName = programName
        self.lines = lines
    }

    /// Everything due over all periods.
    public var totalDue: Yen { lines.reduce(Yen.zero) { $0 + $1.due } }

    /// The usage list that details a period (内訳は「利用実績」): its payments, by payment day.
    ///
    /// - Parameters:
    ///   - line: A line of this list.
    ///   - sites: The same filter the list was made with.
    /// - Returns: The usage query of the period's days and this program.
    public func detail(of line: SettlementLine, sites: SiteFilter = .all) -> UsageQuery {
        UsageQuery(days: line.days, sites: sites, program: program)
    }
}
