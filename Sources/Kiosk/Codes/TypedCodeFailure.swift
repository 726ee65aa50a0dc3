/// One wrong typed code, as the ledger keeps it: when, at which terminal, by which login.
///
/// Kept durably so that the limit survives a restart and, on a shared ledger, follows a login from
/// kiosk to kiosk. A typing slip (wrong check digit) or a malformed entry is not a failure: the
/// Damm digit already tells those apart, and a guesser gains nothing from them.
public struct TypedCodeFailure: Hashable, Sendable {
    /// When the wrong code was typed.
    public var at: Timestamp
    /// The terminal it was typed at.
    public var terminal: SiteCode
    /// The account that typed it ("system" for the kiosk itself).
    public var login: String

    /// A failure from its parts.
    public init(at: Timestamp, terminal: SiteCode, login: String) {
        self.at = at
        self.terminal = terminal
        self.login = login
    }
}

/// Who a typed-code limit applies to: a terminal, or a login on every terminal.
public enum TypedCodeScope: Hashable, Sendable, CustomStringConvertible {
    /// Every login typing at this terminal.
    case terminal(SiteCode)
    /// This login, at every terminal that shares the ledger.
    case login(String)

    /// The scope as an operator reads it.
    public var description: String {
        switch self {
        case .terminal(let code): "terminal \(code)"
        case .login(let name): "login \(name)"
        }
    }
}
