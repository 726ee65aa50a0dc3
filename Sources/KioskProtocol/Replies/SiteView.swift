/// A merchant, store or terminal as the protocol shows it.
public struct SiteView: Hashable, Sendable, Codable {
    /// `merchant`, `store` or `terminal`.
    public let kind: String
    /// Its code.
    public let code: String
    /// Its name.
    public let name: String
    /// A store's merchant.
    public let merchant: String?
    /// A terminal's store.
    public let store: String?
    /// A merchant's representative account (empty: none).
    public let representative: String?
    /// A merchant's contact.
    public let contact: String?
    /// When it was disabled (UTC), if it is.
    public let disabledAt: String?

    /// A site from its fields.
    public init(
        kind: String,
        code: String,
        name: String,
        merchant: String? = nil,
        store: String? = nil,
        representative: String? = nil,
        contact: String? = nil,
        disabledAt: String?
    ) {
        self.kind = kind
        self.code = code
        self.name = name
        self.merchant = merchant
        self.store = store
        self.representative = representative
        self.contact = contact
        self.disabledAt = disabledAt
    }

    enum CodingKeys: String, CodingKey {
        case kind, code, name, merchant, store, representative, contact
        case disabledAt = "disabled_at"
    }
}
