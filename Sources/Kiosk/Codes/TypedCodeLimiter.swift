/// Limits wrong typed codes per terminal and per login, so that guessing a code's six keyed digits
/// takes longer than any program runs (`docs/voucher-codes.md` gives the arithmetic).
///
/// A pure rule over the failures the ledger keeps: given the recent failures of a terminal or a
/// login and `now`, it says until when typing is locked. A correct code erases nothing, so a
/// guesser cannot reset the count by typing a valid code between guesses, and since the failures
/// are stored, neither does a restart. Tests drive it with a manual clock.
public struct TypedCodeLimiter: Hashable, Sendable {
    /// One rule: `maximumFailures` failures within `windowSeconds` lock for `lockoutSeconds` from the last of them.
    public struct Rule: Hashable, Sendable {
        /// Failures inside the window that lock.
        public let maximumFailures: Int
        /// How far back failures count, in seconds.
        public let windowSeconds: Int64
        /// How long the lock lasts after the failure that reached the limit, in seconds.
        public let lockoutSeconds: Int64

        /// A rule from its parts; every part must be positive.
        public init(maximumFailures: Int, windowSeconds: Int64, lockoutSeconds: Int64) {
            precondition(maximumFailures >= 1 && windowSeconds >= 1 && lockoutSeconds >= 1, "limiter rule must be positive")
            self.maximumFailures = maximumFailures
            self.windowSeconds = windowSeconds
            self.lockoutSeconds = lockoutSeconds
        }

        /// Until when failures at these sorted instants lock, if they lock at `now`.
        func lockedUntil(_ failures: [Timestamp], now: Timestamp) -> Timestamp? {
            guard failures.count >= maximumFailures else { return nil }
            var until: Timestamp?
            for last in (maximumFailures - 1)..<failures.count {
                let first = failures[last - maximumFailures + 1]
                guard failures[last].rawValue - first.rawValue < windowSeconds * 1_000_000 else { continue }
                let end = failures[last].adding(seconds: lockoutSeconds)
                if end > now, until.map({ end > $0 }) ?? true { until = end }
            }
            return until
        }
    }

    /// A burst of guesses: 5 failures within a minute lock for 10 minutes.
    public static let burst = Rule(maximumFailures: 5, windowSeconds: 60, lockoutSeconds: 600)
    /// The daily budget: 10 failures within 24 hours lock for 24 hours from the tenth.
    public static let daily = Rule(maximumFailures: 10, windowSeconds: 86_400, lockoutSeconds: 86_400)

    /// The rules, each applied to a terminal's failures and to a login's.
    public let rules: [Rule]

    /// A limiter with the given rules (default: ``burst`` and ``daily``).
    public init(rules: [Rule] = [TypedCodeLimiter.burst, TypedCodeLimiter.daily]) {
        precondition(!rules.isEmpty, "a limiter needs a rule")
        self.rules = rules
    }

    /// How far back the ledger must look for failures that can still lock at `now`.
    public var lookbackSeconds: Int64 {
        rules.map { $0.windowSeconds + $0.lockoutSeconds }.max() ?? 0
    }

    /// Refuses when the terminal or the login is locked at `now`, given their recent failures.
    ///
    /// - Parameter failures: the failures at this terminal or by this login within ``lookbackSeconds``
    ///   of `now` (more are harmless).
    /// - Throws: ``LedgerError/typedCodeRateLimited(scope:until:)`` naming the scope locked longest.
    public func check(
        terminal: SiteCode,
        login: String,
        failures: [TypedCodeFailure],
        now: Timestamp
    ) throws(LedgerError) {
        var locked: (scope: TypedCodeScope, until: Timestamp)?
        for scope in [TypedCodeScope.terminal(terminal), .login(login)] {
            let instants = failures.filter { failure in
                switch scope {
                case .terminal(let code): failure.terminal == code
                case .login(let name): failure.login == name
                }
            }.map(\.at).sorted()
            for rule in rules {
                if let until = rule.lockedUntil(instants, now: now), until > (locked?.until ?? now) {
                    locked = (scope, until)
                }
            }
        }
        if let locked { throw .typedCodeRateLimited(scope: locked.scope, until: locked.until) }
    }

    /// Whether a refusal of a typed code counts as a guess: everything but a typing slip or a malformed entry.
    public static func counts(_ error: LedgerError) -> Bool {
        switch error {
        case .typedCodeCheckDigitWrong, .malformedCode, .typedCodeRateLimited: false
        default: true
        }
    }
}
