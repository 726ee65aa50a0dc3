/// Failed logins of one account and whether it is locked: a value, so the rule is tested with a
/// manual clock and stored as it is.
///
/// `threshold` failures within `window` lock the account for `duration`; a successful login
/// clears the failures; a lock ends by itself or by a password reset.
public struct LoginLockout: Hashable, Sendable, Codable {
    /// When the recent failures happened, oldest first (at most `threshold` kept).
    public private(set) var failures: [Timestamp]
    /// Until when the account is locked, if it is.
    public private(set) var lockedUntil: Timestamp?

    /// No failures, not locked.
    public init() {
        failures = []
        lockedUntil = nil
    }

    /// The rule: how many failures in how long lock for how long.
    public struct Rule: Hashable, Sendable {
        /// Failures that lock the account (5 in both manuals' spirit).
        public var threshold: Int
        /// The span in which those failures must fall, in seconds.
        public var windowSeconds: Int64
        /// How long the lock lasts, in seconds.
        public var durationSeconds: Int64

        /// A rule.
        public init(threshold: Int = 5, windowSeconds: Int64 = 60, durationSeconds: Int64 = 600) {
            self.threshold = threshold
            self.windowSeconds = windowSeconds
            self.durationSeconds = durationSeconds
        }
    }

    /// Whether the account is locked at `now`.
    public func isLocked(at now: Timestamp) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }

    /// Records a failed login at `now`; locks when the rule says so.
    public mutating func recordFailure(at now: Timestamp, rule: Rule) {
        if let lockedUntil, now >= lockedUntil {
            self.lockedUntil = nil
            failures = []
        }
        let windowStart = now.adding(seconds: -rule.windowSeconds)
        failures = failures.filter { $0 > windowStart }
        failures.append(now)
        if failures.count > rule.threshold { failures.removeFirst(failures.count - rule.threshold) }
        if failures.count >= rule.threshold {
            lockedUntil = now.adding(seconds: rule.durationSeconds)
            failures = []
        }
    }

    /// Clears failures and any lock (a successful login, or a password reset).
    public mutating func clear() {
        failures = []
        lockedUntil = nil
    }
}
