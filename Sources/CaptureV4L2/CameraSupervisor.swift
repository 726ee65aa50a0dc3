/// The camera's lifecycle as a value-type state machine: closed, opening, streaming, lost, backoff.
///
/// It does no I/O and reads no clock: each event carries `now`, and each method returns the
/// actions the caller performs (open the device, close it, report a status), so tests drive it
/// with a manual clock. A camera that fails is released (``Action/close``), and once the caller
/// confirms with ``released(now:)`` it is reopened by the same path after a backoff.
public struct CameraSupervisor<C: Clock>: Sendable where C.Duration == Duration {
    /// Where the supervisor is, for status displays and tests.
    public enum Phase: Hashable, Sendable {
        /// Not started, stopped, or given up.
        case closed
        /// The caller is opening the device.
        case opening
        /// Frames are flowing.
        case streaming
        /// The device failed and is being released.
        case lost
        /// Waiting until ``CameraSupervisor/retryAt`` to open again.
        case backoff
    }

    /// What the caller must do, in order.
    public enum Action: Hashable, Sendable {
        /// Open the device by its configured path, negotiate, apply controls and start streaming;
        /// then call ``CameraSupervisor/opened(now:)`` or ``CameraSupervisor/openFailed(_:now:)``.
        case open
        /// Release everything (stop streaming, unmap, close); then call ``CameraSupervisor/released(now:)``.
        case close
        /// Tell the operator.
        case report(CameraStatus)
        /// Stop: the error is final (only with ``BackoffPolicy/maxAttempts``).
        case giveUp(CaptureError)
    }

    private enum State: Sendable {
        case closed
        case opening(failures: Int)
        case streaming(since: C.Instant, failures: Int)
        case lost(CaptureError, failures: Int)
        case backoff(until: C.Instant, failures: Int)
    }

    private var state = State.closed
    /// The failures before the device last came back: the waits after a failure count only the
    /// failures since (a camera plugged in again starts them afresh), the attempts count them all.
    private var failuresBeforeReturn = 0
    /// The backoff rules.
    public let policy: BackoffPolicy

    /// Creates a closed supervisor.
    ///
    /// - Parameter policy: How long to wait between attempts.
    public init(policy: BackoffPolicy = BackoffPolicy()) { self.policy = policy }

    /// The current phase.
    public var phase: Phase {
        switch state {
        case .closed: .closed
        case .opening: .opening
        case .streaming: .streaming
        case .lost: .lost
        case .backoff: .backoff
        }
    }

    /// When the next attempt is due, while in ``Phase/backoff``.
    public var retryAt: C.Instant? {
        if case .backoff(let until, _) = state { until } else { nil }
    }

    /// Starts supervising: open the camera now.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `[.report(.opening(attempt: 1)), .open]`, or nothing unless closed.
    public mutating func start(now: C.Instant) -> [Action] {
        guard case .closed = state else { return [] }
        state = .opening(failures: 0)
        return [.report(.opening(attempt: 1)), .open]
    }

    /// The device opened and streams.
    ///
    /// - Parameters:
    ///   - now: The current time.
    ///   - format: The negotiated format, for the report.
    /// - Returns: A `.streaming` report.
    public mutating func opened(now: C.Instant, format: NegotiatedFormat? = nil) -> [Action] {
        guard case .opening(let failures) = state else { return [] }
        state = .streaming(since: now, failures: failures)
        failuresBeforeReturn = 0
        return [.report(.streaming(format))]
    }

    /// Opening failed: wait, then try again (or give up after ``BackoffPolicy/maxAttempts``).
    ///
    /// - Parameters:
    ///   - error: Why it failed.
    ///   - now: The current time.
    /// - Returns: A `.retrying` report, or `.gaveUp` and ``Action/giveUp(_:)``.
    public mutating func openFailed(_ error: CaptureError, now: C.Instant) -> [Action] {
        guard case .opening(let failures) = state else { return [] }
        return backOff(after: error, failures: failures + 1, now: now)
    }

    /// The streaming device failed (unplugged, or the stream would not recover): release it.
    ///
    /// - Parameters:
    ///   - error: What happened.
    ///   - now: The current time.
    /// - Returns: A `.lost` report and ``Action/close``.
    public mutating func failed(_ error: CaptureError, now: C.Instant) -> [Action] {
        guard case .streaming(let since, let failures) = state else { return [] }
        let stable = since.duration(to: now) >= policy.stableAfter
        state = .lost(error, failures: stable ? 0 : failures)
        return [.report(.lost(error)), .close]
    }

    /// The failed device is released; schedule the reconnection.
    ///
    /// - Parameter now: The current time.
    /// - Returns: A `.retrying` report with the delay.
    public mutating func released(now: C.Instant) -> [Action] {
        guard case .lost(let error, let failures) = state else { return [] }
        return backOff(after: error, failures: failures + 1, now: now)
    }

    /// Time passed: reopen once the backoff is over.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `[.report(.opening(attempt:)), .open]` when due, else nothing.
    public mutating func tick(now: C.Instant) -> [Action] {
        guard case .backoff(let until, let failures) = state, now >= until else { return [] }
        state = .opening(failures: failures)
        return [.report(.opening(attempt: failures + 1)), .open]
    }

    /// The device's path, seen absent while waiting, is there again (the camera was plugged in
    /// again): open it now instead of at the end of the wait, which after a long absence is up to
    /// ``BackoffPolicy/maximum``. Should this opening fail (the node may appear a moment before it
    /// can be opened), the waits start again from ``BackoffPolicy/initial``.
    ///
    /// - Parameter now: The current time.
    /// - Returns: `[.report(.opening(attempt:)), .open]` while waiting, else nothing.
    public mutating func deviceReturned(now: C.Instant) -> [Action] {
        guard case .backoff(_, let failures) = state else { return [] }
        state = .opening(failures: failures)
        failuresBeforeReturn = failures
        return [.report(.opening(attempt: failures + 1)), .open]
    }

    /// Stops supervising and closes the camera if it is open.
    ///
    /// - Returns: ``Action/close`` if a device is open, and a `.closed` report.
    public mutating func stop() -> [Action] {
        let previous = state
        state = .closed
        switch previous {
        case .closed: return []
        case .streaming, .lost: return [.close, .report(.closed)]
        case .opening, .backoff: return [.report(.closed)]
        }
    }

    private mutating func backOff(after error: CaptureError, failures: Int, now: C.Instant) -> [Action] {
        if let limit = policy.maxAttempts, failures >= limit {
            state = .closed
            return [.report(.gaveUp(error)), .giveUp(error)]
        }
        let delay = policy.delay(afterFailures: max(1, failures - failuresBeforeReturn))
        state = .backoff(until: now.advanced(by: delay), failures: failures)
        return [.report(.retrying(after: error, delay: delay, attempt: failures))]
    }
}
