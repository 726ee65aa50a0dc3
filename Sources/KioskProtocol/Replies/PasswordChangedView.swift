/// The reply to `password.change`.
public struct PasswordChangedView: Hashable, Sendable, Codable {
    /// Always `true`.
    public let passwordChanged: Bool

    /// The reply.
    public init(passwordChanged: Bool = true) { self.passwordChanged = passwordChanged }

    enum CodingKeys: String, CodingKey { case passwordChanged = "password_changed" }
}
