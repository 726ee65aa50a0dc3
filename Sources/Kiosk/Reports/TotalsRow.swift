/// One line of the daily or monthly totals: a period's payments of one program (商品).
///
/// `Period` is ``LocalDate`` for the daily totals and ``YearMonth`` for the monthly ones.
public struct TotalsRow<Period: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    /// The day or month.
    public var period: Period
    /// The program.
    public var program: ProgramCode
    /// The program's name.
    public var programName: String
    /// Payments of the period not refunded since (利用件数, 利用金額).
    public var tally: Tally

    /// A row from its parts.
    public init(period: Period, program: ProgramCode, programName: String, tally: Tally) {
        self.period = period
        self.program = program
        self.programName = programName
        self.tally = tally
    }
}
