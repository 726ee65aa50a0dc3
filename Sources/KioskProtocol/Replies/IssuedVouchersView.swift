/// The vouchers an `issue.vouchers` request issued: a run of serial numbers of one program.
public struct IssuedVouchersView: Hashable, Sendable, Codable {
    /// The program's code.
    public let program: String
    /// The first serial issued.
    public let first: Int64
    /// The last serial issued.
    public let last: Int64
    /// How many were issued.
    public let count: Int64
    /// The receipt their printable sheet is fetched by (`issue.sheet`), `PROGRAM:FIRST-LAST`.
    public let sheet: String?
    /// The sheet's page count.
    public let pages: Int?

    /// The run from its fields.
    public init(program: String, first: Int64, last: Int64, count: Int64, sheet: String?, pages: Int?) {
        self.program = program
        self.first = first
        self.last = last
        self.count = count
        self.sheet = sheet
        self.pages = pages
    }
}
