/// Which kind of site a change is about.
public enum SiteKind: String, Hashable, Sendable, CaseIterable {
    /// A merchant (事業者).
    case merchant
    /// A store (店舗).
    case store
    /// A terminal (端末).
    case terminal
}
