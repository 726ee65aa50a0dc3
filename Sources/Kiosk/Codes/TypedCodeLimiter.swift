/// Limits failed typed-code attempts per terminal: after `maximumFailures` failures within
/// `window`, the terminal may not type codes for `lockout`.
///
/// A value type fed with `now`, so tests drive it with a manual clock. The six keyed digits of a
/// typed code give 1 in 1,000,000 per guess; with the defaults (5 failures a minute, then 10
/// minutes locked) guessing one code takes years.
public struct TypedCodeLimiter: Sendable {
    /// Failures allowed inside the window before the terminal is locked.
    public let maximumFailures: Int
    /// How far back failures count, in seconds.
    public let windowSeconds: Int64
    /// How long a locked terminal stays locked, in seconds.
    public let lockoutSeconds: Int64

    private var failures: [SiteCode: [Timestamp]] = [:]
    private var lockedUntil: [SiteCode: Timestamp] = [:]

    /// A limiter with the given rule (defaults: 5 failures within 60 s lock for 600 s).
    public init(maximumFailures: Int = 5, windowSeconds: Int64 = 60, lockoutSeconds: Int64 = 600) {
        precondition(maximumFailures >= 1 && windowSeconds >= 1 && lockoutSeconds >= 1, "limiter rule must be positive")
        self.maximumFailures = maximumFailures
        self.windowSeconds = windowSeconds
        self.lockoutSeconds = lockoutSeconds
    }

    /// Refuses when the terminal is locked at `now`.
    ///
    /// - Throws: ``LedgerError/typedCodeRateLimited(terminal:until:)``.
    public func check(_ terminal: SiteCode, now: Timestamp) throws(LedgerError) {
        if let until = lockedUntil[terminal], now < until {
            throw .typedCodeRateLimited(terminal: terminal, until: until)
        }
    }

    /// Counts a failed attempt; the failure that reaches the limit locks the terminal.
    public mutating func recordFailure(_ terminal: SiteCode, now: Timestamp) {
        let since = now.adding(seconds: -windowSeconds)
        var recent = failures[terminal, default: []].filter { $0 > since }
        recent.append(now)
        if recent.count >= maximumFailures {
            lockedUntil[terminal] = now.adding(seconds: lockoutSeconds)
            recent.removeAll()
        }
        failures[terminal] = recent
    }

    /// Forgets the terminal's failures after a correct code.
    public mutating func recordSuccess(_ terminal: SiteCode) {
        failures[terminal] = nil
    }
}
