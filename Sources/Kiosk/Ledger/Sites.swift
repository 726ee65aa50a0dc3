/// A merchant (取扱店の事業者): owns stores, is paid at each closing.
public struct Merchant: Hashable, Sendable, Codable {
    /// The merchant's code (加盟店コード).
    public var code: SiteCode
    /// The merchant's name.
    public var name: String

    /// A merchant from its code and name.
    public init(code: SiteCode, name: String) {
        self.code = code
        self.name = name
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

    /// A store from its code, merchant and name.
    public init(code: SiteCode, merchant: SiteCode, name: String) {
        self.code = code
        self.merchant = merchant
        self.name = name
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

    /// A terminal from its code, store and name.
    public init(code: SiteCode, store: SiteCode, name: String) {
        self.code = code
        self.store = store
        self.name = name
    }
}
