/// The reply to `logout`.
public struct LoggedOutView: Hashable, Sendable, Codable {
    /// Always `true`.
    public let loggedOut: Bool

    /// The reply.
    public init(loggedOut: Bool = true) { self.loggedOut = loggedOut }

    enum CodingKeys: String, CodingKey { case loggedOut = "logged_out" }
}
