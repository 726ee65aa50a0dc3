/// The reply to `account.create`: the new account's name.
public struct AccountCreatedView: Hashable, Sendable, Codable {
    /// The account created.
    public let created: String

    /// The reply.
    public init(created: String) { self.created = created }
}
