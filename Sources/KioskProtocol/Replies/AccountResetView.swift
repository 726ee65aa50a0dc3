/// The reply to `account.reset`: the account whose password was reset.
public struct AccountResetView: Hashable, Sendable, Codable {
    /// The account reset.
    public let reset: String

    /// The reply.
    public init(reset: String) { self.reset = reset }
}
