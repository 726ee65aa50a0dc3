/// When a kiosk may try the shared ledger's server again after failing to connect: exponential
/// backoff with jitter, so that the hundreds of kiosks a server restart cut off come back spread
/// over time instead of all in the same instant, and a server that is down is not hammered.
///
/// The first attempt after a broken connection is immediate, and so is the second (a restart
/// that was quick is not waited for). After `n >= 2` failures in a row the next waits a random
/// time between half and all of `min(first * 2^(n-2), longest)`. A value; the caller gives the
/// monotonic time in nanoseconds.
struct ReconnectBackoff: Sendable {
    /// The longest wait after the first failure.
    var first: UInt64 = 250_000_000
    /// The longest wait at all.
    var longest: UInt64 = 5_000_000_000
    /// Failed attempts since the last success.
    private(set) var failures = 0
    /// No attempt before this instant.
    private var notBefore: UInt64 = 0
    /// The random source for the jitter (the system's; tests give their own).
    var jitter: @Sendable (ClosedRange<UInt64>) -> UInt64 = { UInt64.random(in: $0) }

    /// How long before an attempt may be made at `now`, or `nil` when it may be made now.
    func wait(at now: UInt64) -> UInt64? { now < notBefore ? notBefore - now : nil }

    /// An attempt at `now` failed: the next waits.
    mutating func failed(at now: UInt64) {
        failures += 1
        guard failures >= 2 else { return }
        let ceiling = min(longest, first << UInt64(min(failures - 2, 20)))
        notBefore = now + jitter(ceiling / 2...ceiling)
    }

    /// An attempt succeeded: the next failure starts from the shortest wait again.
    mutating func succeeded() {
        failures = 0
        notBefore = 0
    }
}
