/// An operator's account as the ledger stores it.
///
/// Only the yescrypt hash of the password is kept, never the password itself.
public struct Account: Hashable, Sendable {
    /// The login name.
    public var name: AccountName
    /// What the account may do.
    public var role: Role
    /// The current password's yescrypt hash.
    public var passwordHash: String
    /// Whether the password is an initial one (new account, or reset) that must be changed first.
    public var mustChangePassword: Bool
    /// Recent failed logins and any lock.
    public var lockout: LoginLockout
    /// When the account was created.
    public var createdAt: Timestamp
    /// When the password was last set.
    public var passwordSetAt: Timestamp
    /// When the account was disabled (someone left), if it is: it cannot log in.
    public var disabledAt: Timestamp?

    /// An account from its parts.
    public init(
        name: AccountName,
        role: Role,
        passwordHash: String,
        mustChangePassword: Bool,
        lockout: LoginLockout = LoginLockout(),
        createdAt: Timestamp,
        passwordSetAt: Timestamp,
        disabledAt: Timestamp? = nil
    ) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.lockout = lockout
        self.createdAt = createdAt
        self.passwordSetAt = passwordSetAt
        self.disabledAt = disabledAt
    }
}

/// An account as a list shows it: no hash.
public struct AccountSummary: Hashable, Sendable, Codable {
    /// The login name.
    public var name: AccountName
    /// Its role.
    public var role: Role
    /// Whether the password must be changed at the next login.
    public var mustChangePassword: Bool
    /// Until when it is locked, if it is now.
    public var lockedUntil: Timestamp?
    /// When it was created.
    public var createdAt: Timestamp
    /// When it was disabled, if it is.
    public var disabledAt: Timestamp?

    /// The summary of an account at `now`.
    public init(_ account: Account, now: Timestamp) {
        name = account.name
        role = account.role
        mustChangePassword = account.mustChangePassword
        lockedUntil = account.lockout.isLocked(at: now) ? account.lockout.lockedUntil : nil
        createdAt = account.createdAt
        disabledAt = account.disabledAt
    }

    enum CodingKeys: String, CodingKey {
        case name, role
        case mustChangePassword = "must_change_password"
        case lockedUntil = "locked_until"
        case createdAt = "created_at"
    }
}
