/// A login as the client sees it: the token to send with later requests.
public struct LoginView: Hashable, Sendable, Codable {
    /// The login token.
    public let token: String
    /// The account's name.
    public let name: String
    /// Its role.
    public let role: String
    /// Whether it must change its password before anything else.
    public let mustChangePassword: Bool
    /// How long the token lives without a request, in seconds.
    public let idleSeconds: Int64

    /// A login from its fields.
    public init(token: String, name: String, role: String, mustChangePassword: Bool, idleSeconds: Int64) {
        self.token = token
        self.name = name
        self.role = role
        self.mustChangePassword = mustChangePassword
        self.idleSeconds = idleSeconds
    }

    enum CodingKeys: String, CodingKey {
        case token, name, role
        case mustChangePassword = "must_change_password"
        case idleSeconds = "idle_seconds"
    }
}
