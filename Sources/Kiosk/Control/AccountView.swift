/// An account as the control protocol lists it: no hash, times in UTC.
public struct AccountView: Hashable, Sendable, Encodable {
    let name: String
    let role: String
    let mustChangePassword: Bool
    let lockedUntil: String?
    let createdAt: String

    /// The view of an account's summary.
    public init(_ summary: AccountSummary) {
        name = summary.name.rawValue
        role = summary.role.rawValue
        mustChangePassword = summary.mustChangePassword
        lockedUntil = summary.lockedUntil?.description
        createdAt = summary.createdAt.description
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case mustChangePassword = "must_change_password"
        case lockedUntil = "locked_until"
        case createdAt = "created_at"
    }

    /// Every field, `locked_until` as null when the account is not locked, so a list always
    /// has the column an operator looks for.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(mustChangePassword, forKey: .mustChangePassword)
        try container.encode(lockedUntil, forKey: .lockedUntil)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
