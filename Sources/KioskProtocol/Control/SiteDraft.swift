/// A new site as a request gives it: a merchant, a store of a merchant, or a terminal in a store.
public struct SiteDraft: Hashable, Sendable {
    /// Which kind of site.
    public var kind: SiteKind
    /// Its code.
    public var code: SiteCode
    /// The merchant of a store or the store of a terminal; `nil` for a merchant.
    public var parent: SiteCode?
    /// Its name.
    public var name: String
    /// A merchant's representative account (empty: none yet).
    public var representative: String
    /// A merchant's contact.
    public var contact: String

    /// A draft from its parts.
    public init(
        kind: SiteKind,
        code: SiteCode,
        parent: SiteCode?,
        name: String,
        representative: String = "",
        contact: String = ""
    ) {
        self.kind = kind
        self.code = code
        self.parent = parent
        self.name = name
        self.representative = representative
        self.contact = contact
    }
}
