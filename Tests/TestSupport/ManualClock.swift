import Synchronization

/// A clock that moves only when a test says so, for state machines fed with `now`.
///
/// `sleep(until:)` returns once the clock has been advanced past the deadline.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual clock: the time since the clock was created.
    public struct Instant: InstantProtocol, Sendable {
        /// Time since the clock's zero.
        public var offset: Duration

        /// Creates an instant.
        ///
        /// - Parameter offset: Time since the clock's zero.
        public init(offset: Duration) { self.offset = offset }

        /// The instant `duration` later.
        ///
        /// - Parameter duration: How far to move.
        /// - Returns: The later instant.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }

        /// The time from this instant to `other`.
        ///
        /// - Parameter other: The later instant.
        /// - Returns: `other` minus this instant.
        public func duration(to other: Instant) -> Duration { other.offset - offset }

        /// Orders instants by offset.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Duration.zero)

    /// Creates a clock at zero.
    public init() {}

    /// The current instant.
    public var now: Instant { Instant(offset: current.withLock { $0 }) }

    /// The clock has no resolution limit.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Moves the clock forward.
    ///
    /// - Parameter duration: How far; must not be negative.
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "a manual clock does not go backwards")
        current.withLock { $0 += duration }
    }

    /// Waits (by yielding) until a test advances the clock to `deadline`.
    ///
    /// - Parameters:
    ///   - deadline: When to return.
    ///   - tolerance: Ignored.
    /// - Throws: `CancellationError` if the task is cancelled.
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        while now < deadline {
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
