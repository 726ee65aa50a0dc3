/// One page of the usage list, newest first, and how many payments match in all (該当件数).
public struct UsagePage: Hashable, Sendable, Codable {
    /// The rows of this page, newest first.
    public var rows: [UsageRow]
    /// How many payments match the search across every page.
    public var matching: Int
    /// This page's number, from 1.
    public var page: Int
    /// Rows per page.
    public var pageSize: Int

    /// A page from its parts.
    public init(rows: [UsageRow], matching: Int, page: Int, pageSize: Int) {
        self.rows = rows
        self.matching = matching
        self.page = page
        self.pageSize = pageSize
    }

    /// How many pages the search fills (0 when nothing matches).
    public var pageCount: Int { (matching + pageSize - 1) / max(1, pageSize) }
}
