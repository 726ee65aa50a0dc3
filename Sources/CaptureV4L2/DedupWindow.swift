/// Decides whether a decoded payload is news: a code held in front of the camera is seen in many
/// frames but reported once, and again only after it has been out of view for `hold`.
///
/// A value type fed with `now`, so tests drive it with a manual clock. ZBar's equivalent
/// hysteresis is 2 s, our default too.
public struct DedupWindow<C: Clock> where C.Duration == Duration {
    /// What to do with a sighting.
    public enum Decision: Hashable, Sendable {
        /// A new sighting: report it.
        case report
        /// Still the same sighting: stay quiet.
        case suppress
    }

    /// How long a code must be out of view before it counts as a new sighting.
    public let hold: Duration
    private var lastSeen: [[UInt8]: C.Instant] = [:]

    /// Creates an empty window.
    ///
    /// - Parameters:
    ///   - hold: Time out of view after which a code is reported again.
    ///   - clock: The clock whose instants `observe` receives (only its type matters).
    public init(hold: Duration = .seconds(2), clock: C) {
        precondition(hold > .zero, "the dedup hold must be positive")
        self.hold = hold
    }

    /// Records a sighting of `payload` at `now`.
    ///
    /// - Returns: ``Decision/report`` for a code not seen within `hold`, else ``Decision/suppress``.
    public mutating func observe(_ payload: [UInt8], at now: C.Instant) -> Decision {
        let previous = lastSeen.updateValue(now, forKey: payload)
        if let previous, previous.duration(to: now) <= hold { return .suppress }
        if lastSeen.count > 256 { forget(before: now) }
        return .report
    }

    /// Drops codes out of view for longer than `hold` (they would be reported anyway).
    public mutating func forget(before now: C.Instant) {
        lastSeen = lastSeen.filter { $0.value.duration(to: now) <= hold }
    }

    /// Codes currently remembered.
    public var count: Int { lastSeen.count }
}
