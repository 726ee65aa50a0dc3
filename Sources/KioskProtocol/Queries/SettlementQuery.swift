/// A search of the settlement list: one program's periods, optionally of one store or terminal.
public struct SettlementQuery: Hashable, Sendable, Codable {
    /// The program whose calendar is listed.
    public var program: ProgramCode
    /// Store and terminal.
    public var sites: SiteFilter
    /// Only the periods that close in this year (表示対象年); `nil`: every period.
    public var year: Int?

    /// A search of `program`'s periods.
    public init(program: ProgramCode, sites: SiteFilter = .all, year: Int? = nil) {
        self.program = program
        self.sites = sites
        self.year = year
    }
}
