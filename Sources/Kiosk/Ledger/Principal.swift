/// Who asks for a change, as the audit log records it: the operator, their role, the peer's uid
/// (from SO_PEERCRED, once the daemon exists) and the terminal.
public struct Principal: Hashable, Sendable, Codable {
    /// The operator's account name ("system" for the kiosk itself).
    public var name: String
    /// The operator's role, which decides refunds past the window.
    public var role: Role
    /// The Unix uid of the connecting process, when known.
    public var peerUID: UInt32?
    /// The terminal the request came through, when any.
    public var terminal: SiteCode?

    /// A principal from its parts.
    public init(name: String, role: Role, peerUID: UInt32? = nil, terminal: SiteCode? = nil) {
        self.name = name
        self.role = role
        self.peerUID = peerUID
        self.terminal = terminal
    }

    /// The kiosk itself, for startup recovery and housekeeping.
    public static let system = Principal(name: "system", role: .programOffice)
}
