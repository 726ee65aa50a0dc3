/// Failed logins of names no account has, kept in memory so an unknown name locks exactly as a
/// real one does and lockout cannot be used to tell which names exist.
///
/// Bounded: at most ``capacity`` names; when full, names whose failures and lock have run out
/// are forgotten first, then the name touched longest ago. Forgetting one lets an attacker try it
/// a few more times, which tells nothing, since a name that does not exist opens nothing.
public struct UnknownNameLockouts: Sendable {
    /// The most names remembered.
    public let capacity: Int
    private var entries: [AccountName: Entry] = [:]
    private var clock: UInt64 = 0

    private struct Entry: Sendable {
        var lockout: LoginLockout
        var touched: UInt64
    }

    /// An empty table holding up to `capacity` names.
    public init(capacity: Int = 4096) {
        precondition(capacity > 0, "the table must hold at least one name")
        self.capacity = capacity
    }

    /// How many names are remembered.
    public var count: Int { entries.count }

    /// Records a failed login of `name` at `now` under `rule`, as ``LoginLockout`` does for a real
    /// account: returns until when the name is locked, or `nil` when it is not (a locked name's
    /// attempt is not counted, as for a real account).
    public mutating func recordFailure(of name: AccountName, at now: Timestamp, rule: LoginLockout.Rule) -> Timestamp? {
        clock &+= 1
        var entry = entries[name] ?? Entry(lockout: LoginLockout(), touched: clock)
        entry.touched = clock
        if !entry.lockout.isLocked(at: now) { entry.lockout.recordFailure(at: now, rule: rule) }
        if entries[name] == nil && entries.count >= capacity { makeRoom(now: now, rule: rule) }
        entries[name] = entry
        return entry.lockout.isLocked(at: now) ? entry.lockout.lockedUntil : nil
    }

    private mutating func makeRoom(now: Timestamp, rule: LoginLockout.Rule) {
        let windowStart = now.adding(seconds: -rule.windowSeconds)
        entries = entries.filter { _, entry in
            entry.lockout.isLocked(at: now) || entry.lockout.failures.contains { $0 > windowStart }
        }
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.touched < $1.value.touched })?.key {
            entries[oldest] = nil
        }
    }
}
