import CodeCrypto
/// The logins alive now: token to account, each ending after an idle time. A value, tested with a
/// manual clock.
///
/// Tokens are kept only as their SHA-256, so a lookup's timing says nothing about a token, and
/// they live in memory only: a restart logs everyone out.
public struct LoginSessions: Sendable {
    /// A live login.
    public struct Login: Hashable, Sendable {
        /// Who logged in.
        public var name: AccountName
        /// Their role at login.
        public var role: Role
        /// Whether only a password change (and logout) is allowed yet.
        public var mustChangePassword: Bool
        /// The uid of the process that logged in.
        public var peerUID: UInt32?
        /// When the login was last used.
        public var lastUsed: Timestamp
    }

    /// How long a login may go unused, in seconds.
    public var idleSeconds: Int64
    private var logins: [[UInt8]: Login] = [:]

    /// No logins yet.
    public init(idleSeconds: Int64) { self.idleSeconds = idleSeconds }

    /// How many logins are alive (expired ones may still be counted until next touched).
    public var count: Int { logins.count }

    /// Starts a login and returns its token: 32 random bytes from the system's secure generator, in hex.
    public mutating func start(_ login: Login) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = Hex.encode(bytes)
        logins[Self.key(token)] = login
        return token
    }

    /// The login for a token at `now`, marking it used.
    ///
    /// - Throws: ``AccountError/notLoggedIn`` for an unknown token, ``AccountError/tokenExpired(idleSeconds:)``
    ///   for one idle too long (which is then forgotten).
    public mutating func touch(_ token: String, now: Timestamp) throws(AccountError) -> Login {
        let key = Self.key(token)
        guard var login = logins[key] else { throw .notLoggedIn }
        guard now.seconds(since: login.lastUsed) <= Double(idleSeconds) else {
            logins[key] = nil
            throw .tokenExpired(idleSeconds: idleSeconds)
        }
        login.lastUsed = now
        logins[key] = login
        return login
    }

    /// Ends a login; returns whether it was alive.
    @discardableResult
    public mutating func end(_ token: String) -> Bool {
        logins.removeValue(forKey: Self.key(token)) != nil
    }

    /// Ends every login of an account (its password was reset or changed elsewhere), except `keeping`.
    public mutating func endAll(of name: AccountName, keeping token: String? = nil) {
        let kept = token.map(Self.key)
        logins = logins.filter { $0.value.name != name || $0.key == kept }
    }

    /// Marks the password changed on a login, so it may do everything its role allows.
    public mutating func passwordChanged(_ token: String) {
        logins[Self.key(token)]?.mustChangePassword = false
    }

    /// Forgets logins idle past the limit at `now`; returns how many.
    @discardableResult
    public mutating func expire(now: Timestamp) -> Int {
        let before = logins.count
        logins = logins.filter { now.seconds(since: $0.value.lastUsed) <= Double(idleSeconds) }
        return before - logins.count
    }

    private static func key(_ token: String) -> [UInt8] { SHA256Digest.hash(Array(token.utf8)) }
}
