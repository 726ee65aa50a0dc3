/// An account as the control protocol lists it: no hash, times in UTC.
public struct AccountView: Hashable, Sendable, Codable {
    /// The login name.
    public let name: String
    /// Its role: `staff`, `manager`, `representative` or `program_office`.
    public let role: String
    /// Whether the password must be changed at the next login.
    public let mustChangePassword: Bool
    /// Until when it is locked (UTC), if it is now.
    public let lockedUntil: String?
    /// When it was created (UTC).
    public let createdAt: String
    /// When it was disabled (UTC), if it is.
    public let disabledAt: String?

    /// An account's view from its fields.
    public init(
        name: String,
        role: String,
        mustChangePassword: Bool,
        lockedUntil: String?,
        createdAt: String,
        disabledAt: String?
    ) {
        self.name = name
        self.role = role
        self.mustChangePassword = mustChangePassword
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case mustChangePassword = "must_change_password"
        case lockedUntil = "locked_until"
        case createdAt = "created_at"
        case disabledAt = "disabled_at"
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
        try container.encode(disabledAt, forKey: .disabledAt)
    }
}
