import Foundation
import Synchronization

/// Logins, password changes and account administration: the rules of the accounts issue over an
/// ``AccountStore``.
///
/// Safe to call from any thread; hashing (yescrypt, tens of milliseconds by design) happens
/// outside the lock on the live logins.
public final class AccountDesk: Sendable {
    /// The store the accounts live in (the ledger).
    public let store: any AccountStore
    /// The password rules.
    public let policy: PasswordPolicy
    /// The lockout rule.
    public let lockoutRule: LoginLockout.Rule
    /// The hasher.
    public let hasher: PasswordHasher
    /// The least time a refused login takes (`wrong_credentials`, `account_locked`): longer than
    /// any of its paths normally takes, so a real name, whose failure is written to the ledger,
    /// answers no later than an unknown one. By default twice a hash's time on this machine, as
    /// measured when the desk starts, plus 10 ms.
    public let failureFloor: Duration
    private let logins: Mutex<LoginSessions>
    /// Failures and locks of names no account has, so they lock like real ones.
    private let unknownNames = Mutex(UnknownNameLockouts())
    private let checks = Atomic<Int>(0)
    /// What is hashed against the decoy when the password given is too long to hash.
    private static let decoyPassword = "decoy password for unknown names"
    /// A hash to check against when the name is unknown, so a wrong name costs as much time as a wrong password.
    private let decoyHash: String

    /// A desk over a store.
    ///
    /// - Parameter idleSeconds: How long a login may go unused before it expires.
    /// - Throws: ``AccountError/hashingFailed(reason:)`` when libcrypt does not work here.
    public init(
        store: any AccountStore,
        policy: PasswordPolicy = .seed002,
        lockoutRule: LoginLockout.Rule = LoginLockout.Rule(),
        hasher: PasswordHasher = PasswordHasher(),
        idleSeconds: Int64 = 900,
        failureFloor: Duration? = nil
    ) throws(AccountError) {
        self.store = store
        self.policy = policy
        self.lockoutRule = lockoutRule
        self.hasher = hasher
        logins = Mutex(LoginSessions(idleSeconds: idleSeconds))
        let clock = ContinuousClock()
        let started = clock.now
        decoyHash = try hasher.hash(Self.decoyPassword)
        self.failureFloor = failureFloor ?? (started.duration(to: clock.now) * 2 + .milliseconds(10))
    }

    /// What a successful login returns.
    public struct LoginResult: Hashable, Sendable {
        /// The token to send with later requests.
        public var token: String
        /// Who logged in.
        public var name: AccountName
        /// Their role.
        public var role: Role
        /// Whether the password must be changed before anything else.
        public var mustChangePassword: Bool
        /// How long the token lives unused, in seconds.
        public var idleSeconds: Int64
    }

    /// Checks a name and password and starts a login.
    ///
    /// Nothing in the answer or its time tells whether the name exists or is locked: the
    /// password's length is checked before the name is looked up; every attempt hashes once, at
    /// the same cost (against the account's hash, or a decoy hash when the name is unknown or the
    /// password too long), also when the account is locked; and an unknown name locks after as
    /// many failures as a real one, in memory (``UnknownNameLockouts``). Every attempt on a
    /// known account that is not locked is stored (lockout state and audit entry).
    ///
    /// A refusal takes at least ``failureFloor`` (the calling thread waits out the rest), so the
    /// ledger write that records a real account's failure does not show in the answer's time.
    ///
    /// - Throws: ``AccountError/wrongCredentials``, ``AccountError/locked(until:)``.
    public func login(name text: String, password: String, peerUID: UInt32?, now: Timestamp) throws(AccountError)
        -> LoginResult
    {
        let clock = ContinuousClock()
        let started = clock.now
        do throws(AccountError) {
            return try attempt(name: text, password: password, peerUID: peerUID, now: now)
        } catch {
            switch error {
            case .wrongCredentials, .locked:
                let rest = failureFloor - started.duration(to: clock.now)
                if rest > .zero { Thread.sleep(forTimeInterval: Double(rest.components.attoseconds) / 1e18 + Double(rest.components.seconds)) }
            default: break
            }
            throw error
        }
    }

    private func attempt(name text: String, password: String, peerUID: UInt32?, now: Timestamp) throws(AccountError)
        -> LoginResult
    {
        let tooLong = password.utf8.count > PasswordHasher.maximumPasswordBytes
        let name = AccountName(text)
        let found: Account? =
            if let name { try stored(name) } else { nil }
        guard let name, let account = found else {
            // Hashed with the same cost as a real check, and answered the same way.
            _ = try? verify(tooLong ? Self.decoyPassword : password, against: decoyHash)
            guard let name else { throw .wrongCredentials }  // not a name at all: no account can have it
            if let until = unknownNames.withLock({ $0.recordFailure(of: name, at: now, rule: lockoutRule) }) {
                throw .locked(until: until)
            }
            throw .wrongCredentials
        }
        var lockout = account.lockout
        let principal = Principal(name: name.rawValue, role: account.role, peerUID: peerUID)
        let matches: Bool
        if tooLong {
            _ = try? verify(Self.decoyPassword, against: decoyHash)
            matches = false
        } else {
            matches = try verify(password, against: account.passwordHash)
        }
        if lockout.isLocked(at: now), let until = lockout.lockedUntil { throw .locked(until: until) }
        guard matches else {
            lockout.recordFailure(at: now, rule: lockoutRule)
            try ledger { () throws(LedgerError) in
                try store.recordLogin(of: name, lockout: lockout, succeeded: false, by: principal, now: now)
            }
            if lockout.isLocked(at: now), let until = lockout.lockedUntil { throw .locked(until: until) }
            throw .wrongCredentials
        }
        lockout.clear()
        try ledger { () throws(LedgerError) in
            try store.recordLogin(of: name, lockout: lockout, succeeded: true, by: principal, now: now)
        }
        let login = LoginSessions.Login(
            name: name,
            role: account.role,
            mustChangePassword: account.mustChangePassword,
            peerUID: peerUID,
            lastUsed: now
        )
        let (token, idle) = logins.withLock { ($0.start(login), $0.idleSeconds) }
        return LoginResult(
            token: token,
            name: name,
            role: account.role,
            mustChangePassword: account.mustChangePassword,
            idleSeconds: idle
        )
    }

    /// Ends a login; returns whether it was alive.
    @discardableResult
    public func logout(token: String) -> Bool {
        logins.withLock { $0.end(token) }
    }

    /// The principal behind a token, if it may do `permission` now.
    ///
    /// - Throws: ``AccountError/notLoggedIn``, ``AccountError/tokenExpired(idleSeconds:)``,
    ///   ``AccountError/passwordChangeRequired``, ``AccountError/forbidden(role:action:)``.
    public func authorize(
        _ token: String?,
        for permission: Permission,
        action: String,
        terminal: SiteCode?,
        now: Timestamp
    ) throws(AccountError) -> Principal {
        let login = try liveLogin(token, now: now)
        if login.mustChangePassword { throw .passwordChangeRequired }
        guard login.role.may(permission) else { throw .forbidden(role: login.role, action: action) }
        return Principal(name: login.name.rawValue, role: login.role, peerUID: login.peerUID, terminal: terminal)
    }

    /// Changes the logged-in account's own password after checking the current one, the policy and the history.
    ///
    /// - Throws: ``AccountError/currentPasswordWrong``, ``AccountError/passwordRejected(reason:)``.
    public func changePassword(token: String?, current: String, new: String, now: Timestamp) throws(AccountError) {
        let login = try liveLogin(token, now: now)
        guard let account = try stored(login.name) else { throw .unknownAccount(login.name) }
        var matches = false
        if current.utf8.count <= PasswordHasher.maximumPasswordBytes { matches = try verify(current, against: account.passwordHash) }
        guard matches else {
            // A wrong current password is a guess at the password like a failed login: it counts
            // toward the same lockout, and a lock ends every login of the account.
            var lockout = account.lockout
            lockout.recordFailure(at: now, rule: lockoutRule)
            let principal = Principal(name: login.name.rawValue, role: login.role, peerUID: login.peerUID)
            try ledger { () throws(LedgerError) in
                try store.recordLogin(of: login.name, lockout: lockout, succeeded: false, by: principal, now: now)
            }
            if lockout.isLocked(at: now), let until = lockout.lockedUntil {
                logins.withLock { $0.endAll(of: login.name, keeping: nil) }
                throw .locked(until: until)
            }
            throw .currentPasswordWrong
        }
        if let reason = policy.violation(in: new) { throw .passwordRejected(reason: reason) }
        let history = try ledger { () throws(LedgerError) in
            try store.passwordHistory(of: login.name, limit: max(policy.historyDepth, 1))
        }
        for old in history where try verify(new, against: old) {
            throw .passwordRejected(
                reason: policy.historyDepth > 1
                    ? "it is one of the last \(policy.historyDepth) passwords of this account"
                    : "it is the current password"
            )
        }
        let hash = try hasher.hash(new)
        let principal = Principal(name: login.name.rawValue, role: login.role, peerUID: login.peerUID)
        try ledger { () throws(LedgerError) in
            try store.setPassword(
                of: login.name,
                hash: hash,
                mustChange: false,
                action: "password.changed",
                by: principal,
                now: now
            )
        }
        logins.withLock { sessions in
            if let token {
                sessions.endAll(of: login.name, keeping: token)
                sessions.passwordChanged(token)
            }
        }
    }

    /// Creates an account with an initial password (to be changed at first login).
    ///
    /// - Throws: ``AccountError/forbidden(role:action:)`` unless the principal's role manages `role`,
    ///   ``AccountError/invalidName(_:)``, ``AccountError/accountExists(_:)``, ``AccountError/passwordRejected(reason:)``.
    public func createAccount(
        name text: String,
        role: Role,
        initialPassword: String,
        by principal: Principal,
        now: Timestamp
    ) throws(AccountError) {
        guard principal == .system || principal.role.manages(role) else {
            throw .forbidden(role: principal.role, action: "create a \(role.rawValue) account")
        }
        guard let name = AccountName(text) else { throw .invalidName(text) }
        if let reason = policy.violation(in: initialPassword) { throw .passwordRejected(reason: reason) }
        let hash = try hasher.hash(initialPassword)
        let account = Account(
            name: name,
            role: role,
            passwordHash: hash,
            mustChangePassword: true,
            createdAt: now,
            passwordSetAt: now
        )
        do throws(LedgerError) {
            try store.createAccount(account, by: principal, now: now)
        } catch {
            if case .duplicate = error { throw .accountExists(name) }
            throw .storage(error)
        }
    }

    /// Resets another account's password to an initial one and lifts any lock; its logins end.
    ///
    /// - Throws: ``AccountError/forbidden(role:action:)`` unless the principal's role manages the account's,
    ///   ``AccountError/unknownAccount(_:)``, ``AccountError/passwordRejected(reason:)``.
    public func resetPassword(
        of text: String,
        initialPassword: String,
        by principal: Principal,
        now: Timestamp
    ) throws(AccountError) {
        guard let name = AccountName(text) else { throw .invalidName(text) }
        guard let account = try stored(name) else { throw .unknownAccount(name) }
        guard principal == .system || principal.role.manages(account.role) else {
            throw .forbidden(role: principal.role, action: "reset the password of a \(account.role.rawValue) account")
        }
        if let reason = policy.violation(in: initialPassword) { throw .passwordRejected(reason: reason) }
        let hash = try hasher.hash(initialPassword)
        try ledger { () throws(LedgerError) in
            try store.setPassword(of: name, hash: hash, mustChange: true, action: "password.reset", by: principal, now: now)
        }
        logins.withLock { $0.endAll(of: name) }
    }

    /// Lifts an account's lock and forgets its failed logins, leaving its password as it is: the
    /// recovery when the only account that could reset the password is itself locked
    /// (`kioskd unlock-account`, run by root on the kiosk). Audited as `account.unlocked`.
    ///
    /// - Returns: Until when the account was locked (`nil`: it was not locked; the failures are
    ///   cleared all the same).
    /// - Throws: ``AccountError/invalidName(_:)``, ``AccountError/unknownAccount(_:)``.
    @discardableResult
    public func unlock(_ text: String, by principal: Principal, now: Timestamp) throws(AccountError) -> Timestamp? {
        guard let name = AccountName(text) else { throw .invalidName(text) }
        guard let account = try stored(name) else { throw .unknownAccount(name) }
        let until = account.lockout.isLocked(at: now) ? account.lockout.lockedUntil : nil
        try ledger { () throws(LedgerError) in try store.unlockAccount(name, by: principal, now: now) }
        return until
    }

    /// Every account, without hashes.
    public func listAccounts(now: Timestamp) throws(AccountError) -> [AccountSummary] {
        try ledger { () throws(LedgerError) in try store.accounts() }.map { AccountSummary($0, now: now) }
    }

    /// How many logins are alive after forgetting idle ones.
    public func liveLogins(now: Timestamp) -> Int {
        logins.withLock { sessions in
            sessions.expire(now: now)
            return sessions.count
        }
    }

    private func liveLogin(_ token: String?, now: Timestamp) throws(AccountError) -> LoginSessions.Login {
        guard let token else { throw .notLoggedIn }
        return try logins.withLock { (sessions: inout LoginSessions) throws(AccountError) -> LoginSessions.Login in
            try sessions.touch(token, now: now)
        }
    }

    /// How many password checks this desk has run (each one yescrypt hash): the cost of an
    /// attempt, counted rather than timed, so tests can see every login pays the same.
    public var passwordChecks: Int { checks.load(ordering: .relaxed) }

    private func verify(_ password: String, against stored: String) throws(AccountError) -> Bool {
        checks.add(1, ordering: .relaxed)
        return try hasher.verify(password, against: stored)
    }

    private func stored(_ name: AccountName) throws(AccountError) -> Account? {
        try ledger { () throws(LedgerError) in try store.account(named: name) }
    }

    private func ledger<T>(_ body: () throws(LedgerError) -> T) throws(AccountError) -> T {
        do throws(LedgerError) { return try body() } catch { throw .storage(error) }
    }
}
