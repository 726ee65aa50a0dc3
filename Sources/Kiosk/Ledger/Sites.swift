/// A merchant (取扱店の事業者): owns stores, is paid at each closing.
public struct Merchant: Hashable, Sendable, Codable {
    /// The merchant's code (加盟店コード).
    public var code: SiteCode
    /// The merchant's name.
    public var name: String
    /// The account of its representative (代表者), who manages its stores and terminals; empty when none.
    public var representative: String
    /// How to reach the merchant (phone, e-mail, address), as the program office records it.
    public var contact: String
    /// When the merchant was disabled, if it is.
    public var disabledAt: Timestamp?

    /// A merchant from its parts.
    public init(code: SiteCode, name: String, representative: String = "", contact: String = "", disabledAt: Timestamp? = nil) {
        self.code = code
        self.name = name
        self.representative = representative
        self.contact = contact
        self.disabledAt = disabledAt
    }
}

/// A store of a merchant, where terminals stand.
public struct Store: Hashable, Sendable, Codable {
    /// The store's code.
    public var code: SiteCode
    /// The merchant that owns it.
    public var merchant: SiteCode
    /// The store's name.
    public var name: String
    /// When the store was disabled, if it is: it takes no new session.
    public var disabledAt: Timestamp?

    /// A store from its code, merchant and name.
    public init(code: SiteCode, merchant: SiteCode, name: String, disabledAt: Timestamp? = nil) {
        self.code = code
        self.merchant = merchant
        self.name = name
        self.disabledAt = disabledAt
    }
}

/// A kiosk terminal in a store: sessions are opened at a terminal.
public struct Terminal: Hashable, Sendable, Codable {
    /// The terminal's code.
    public var code: SiteCode
    /// The store it stands in.
    public var store: SiteCode
    /// The terminal's name.
    public var name: String
    /// When the terminal was disabled, if it is: it takes no new session.
    public var disabledAt: Timestamp?

    /// A terminal from its code, store and name.
    public init(code: SiteCode, store: SiteCode, name: String, disabledAt: Timestamp? = nil) {
        self.code = code
        self.store = store
        self.name = name
        self.disabledAt = disabledAt
    }
}
