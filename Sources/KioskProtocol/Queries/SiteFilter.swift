/// Which store and terminal a report covers: every report filters by both (nil: all).
public struct SiteFilter: Hashable, Sendable, Codable {
    /// Only this store's payments, or all stores.
    public var store: SiteCode?
    /// Only this terminal's payments, or all terminals.
    public var terminal: SiteCode?

    /// A filter; both `nil` (the default) covers the whole ledger.
    public init(store: SiteCode? = nil, terminal: SiteCode? = nil) {
        self.store = store
        self.terminal = terminal
    }

    /// Every store and terminal.
    public static let all = SiteFilter()
}
