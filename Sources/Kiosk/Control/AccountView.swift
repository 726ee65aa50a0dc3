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
}
