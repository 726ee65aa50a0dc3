/// A change to a site: each field given replaces the stored one; `nil` keeps it.
public struct SiteChange: Hashable, Sendable {
    /// A new name.
    public var name: String?
    /// A merchant's new representative account (empty: none).
    public var representative: String?
    /// A merchant's new contact.
    public var contact: String?
    /// Disable (`true`) or enable again (`false`).
    public var disabled: Bool?

    /// A change from the fields given.
    public init(name: String? = nil, representative: String? = nil, contact: String? = nil, disabled: Bool? = nil) {
        self.name = name
        self.representative = representative
        self.contact = contact
        self.disabled = disabled
    }
}
