/// Where accounts live: the ledger, so they share its file, its transactions and its audit log.
///
/// Each change is one transaction with its audit entry. Passwords arrive hashed.
public protocol AccountStore: AnyObject, Sendable {
    /// Adds an account.
    ///
    /// - Throws: ``LedgerError/duplicate(kind:key:)`` when the name is taken.
    func createAccount(_ account: Account, by principal: Principal, now: Timestamp) throws(LedgerError)

    /// The account with this name, or `nil`.
    func account(named name: AccountName) throws(LedgerError) -> Account?

    /// Every account, by name.
    func accounts() throws(LedgerError) -> [Account]

    /// Sets an account's password hash, keeping the previous one in its history.
    ///
    /// - Parameters:
    ///   - mustChange: Whether the new password is an initial one (a reset).
    ///   - action: The audit action ("password.changed" or "password.reset").
    func setPassword(
        of name: AccountName,
        hash: String,
        mustChange: Bool,
        action: String,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError)

    /// The account's most recent password hashes, newest first, the current one included.
    func passwordHistory(of name: AccountName, limit: Int) throws(LedgerError) -> [String]

    /// Stores the outcome of a login attempt: the new lockout state, and an audit entry when the
    /// attempt failed or locked the account.
    func recordLogin(
        of name: AccountName,
        lockout: LoginLockout,
        succeeded: Bool,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError)

    /// Clears an account's failed logins and lock, with an `account.unlocked` audit entry.
    ///
    /// - Throws: ``LedgerError/corrupt(reason:)`` when the account is not there.
    func unlockAccount(_ name: AccountName, by principal: Principal, now: Timestamp) throws(LedgerError)
}
