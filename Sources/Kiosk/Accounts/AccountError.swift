/// Why an account operation was refused: a stable code for the wire and a message for the operator.
///
/// A refused operation has changed nothing, except that a failed login counts toward the lockout.
public enum AccountError: Error, Hashable, Sendable {
    /// The name or the password is wrong (never saying which, so names cannot be probed).
    case wrongCredentials
    /// Too many failed logins: the account is locked until a time.
    case locked(until: Timestamp)
    /// The request needs a login and carries none, or its token is unknown.
    case notLoggedIn
    /// The login token expired after being idle too long.
    case tokenExpired(idleSeconds: Int64)
    /// The password is an initial one and must be changed before anything else.
    case passwordChangeRequired
    /// The account's role may not do this.
    case forbidden(role: Role, action: String)
    /// The new password breaks the policy.
    case passwordRejected(reason: String)
    /// The current password given with a change is wrong.
    case currentPasswordWrong
    /// A name that does not follow the rule.
    case invalidName(String)
    /// No account has this name.
    case unknownAccount(AccountName)
    /// An account with this name exists.
    case accountExists(AccountName)
    /// The account is disabled (its holder left): it cannot log in.
    case accountDisabled
    /// libcrypt could not hash or read a hash.
    case hashingFailed(reason: String)
    /// The ledger that stores the accounts failed.
    case storage(LedgerError)

    /// The stable code on the wire. Never rename one.
    public var code: String {
        switch self {
        case .wrongCredentials: "wrong_credentials"
        case .locked: "account_locked"
        case .notLoggedIn: "not_logged_in"
        case .tokenExpired: "token_expired"
        case .passwordChangeRequired: "password_change_required"
        case .forbidden: "forbidden"
        case .passwordRejected: "password_rejected"
        case .currentPasswordWrong: "current_password_wrong"
        case .invalidName: "invalid_account_name"
        case .unknownAccount: "unknown_account"
        case .accountExists: "account_exists"
        case .accountDisabled: "account_disabled"
        case .hashingFailed: "password_hashing_failed"
        case .storage(let error): error.code
        }
    }

    /// One sentence for the operator.
    public var message: String {
        switch self {
        case .wrongCredentials: "The account name or the password is wrong."
        case .locked(let until):
            "Too many failed logins: the account is locked until \(until) (UTC), or until a manager resets its password."
        case .notLoggedIn: "This needs a login: run 'kioskctl login' first."
        case .tokenExpired(let idle):
            "The login expired after \(idle >= 120 && idle % 60 == 0 ? "\(idle / 60) minutes" : idle == 60 ? "1 minute" : "\(idle) seconds") without use; log in again."
        case .passwordChangeRequired:
            "The password is an initial one: change it ('kioskctl password change') before anything else."
        case .forbidden(let role, let action): "A \(role.rawValue) account may not \(action)."
        case .passwordRejected(let reason): "The new password is not accepted: \(reason)."
        case .currentPasswordWrong: "The current password is wrong; nothing was changed."
        case .invalidName(let text): "'\(text)' is not an account name: \(AccountName.rule)."
        case .unknownAccount(let name): "No account is named \(name)."
        case .accountExists(let name): "An account named \(name) exists already."
        case .accountDisabled: "This account is disabled; a manager or the program office can enable it again."
        case .hashingFailed(let reason): "The password could not be hashed: \(reason)."
        case .storage(let error): error.message
        }
    }
}

extension AccountError: CustomStringConvertible {
    /// The operator's message, so a log line or `print` of the error reads as the sentence.
    public var description: String { message }
}
