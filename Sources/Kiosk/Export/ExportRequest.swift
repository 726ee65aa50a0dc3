/// What an export asks for (002 8-2 決済データ出力条件): a period, a store or all, an encoding, and
/// the name of who asks (担当者名).
public struct ExportRequest: Hashable, Sendable, Codable {
    /// The local days whose payments and refunds are written, at most ``ReportLimits/exportDays``.
    public var days: LocalDateRange
    /// Only this store's payments and their refunds, or every store.
    public var store: SiteCode?
    /// The file's encoding.
    public var encoding: ExportEncoding
    /// Who asked, as they typed it.
    public var requestedBy: String

    /// A request from its parts.
    public init(days: LocalDateRange, store: SiteCode? = nil, encoding: ExportEncoding, requestedBy: String) {
        self.days = days
        self.store = store
        self.encoding = encoding
        self.requestedBy = requestedBy
    }

    /// Checks the period and the name.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``, ``LedgerError/reportRangeTooLong(report:maximum:requested:)``,
    ///   ``LedgerError/invalidText(field:reason:)``.
    public func validate() throws(LedgerError) {
        try days.validate(atMostDays: ReportLimits.exportDays, report: "An export")
        guard requestedBy.count <= 100 else { throw .invalidText(field: "requester", reason: "at most 100 characters") }
        guard !requestedBy.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidText(field: "requester", reason: "must not contain control characters")
        }
    }
}
