/// One page of a voucher sheet, as `issue.sheet` hands it out: an A4 SVG document.
public struct SheetPageView: Hashable, Sendable, Codable {
    /// The sheet's receipt, `PROGRAM:FIRST-LAST`.
    public let sheet: String
    /// This page's number, from 1.
    public let page: Int
    /// The sheet's page count.
    public let pages: Int
    /// The page as an SVG document.
    public let svg: String

    /// A page from its fields.
    public init(sheet: String, page: Int, pages: Int, svg: String) {
        self.sheet = sheet
        self.page = page
        self.pages = pages
        self.svg = svg
    }
}
