/// How long the camera supervisor waits before reopening a camera that failed.
///
/// The wait doubles with each consecutive failure, from ``initial`` up to ``maximum``. A camera
/// that streamed for ``stableAfter`` before failing starts again from ``initial``; one that keeps
/// failing right after opening (a flapping USB link) keeps backing off.
public struct BackoffPolicy: Hashable, Sendable {
    /// The wait after the first failure.
    public var initial: Duration
    /// The longest wait.
    public var maximum: Duration
    /// How long a stream must last to count as recovered.
    public var stableAfter: Duration
    /// Give up after this many consecutive failed openings; `nil` (the daemon's choice) never gives up.
    public var maxAttempts: Int?

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - initial: The wait after the first failure.
    ///   - maximum: The longest wait.
    ///   - stableAfter: How long a stream must last to reset the backoff.
    ///   - maxAttempts: Consecutive failed openings before giving up; `nil` for never.
    public init(
        initial: Duration = .milliseconds(500),
        maximum: Duration = .seconds(30),
        stableAfter: Duration = .seconds(10),
        maxAttempts: Int? = nil
    ) {
        precondition(initial > .zero && maximum >= initial, "backoff \(initial)...\(maximum)")
        self.initial = initial
        self.maximum = maximum
        self.stableAfter = stableAfter
        self.maxAttempts = maxAttempts
    }

    /// The wait after `failures` consecutive failures (1 for the first).
    ///
    /// - Parameter failures: Consecutive failures so far, at least 1.
    /// - Returns: `initial * 2^(failures-1)`, at most `maximum`.
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(failures, 1) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
