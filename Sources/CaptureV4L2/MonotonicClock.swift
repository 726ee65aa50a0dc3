import Glibc

/// Reads `CLOCK_MONOTONIC`, the clock V4L2 drivers stamp frames with, so frame-to-event latency
/// compares like with like.
public enum MonotonicClock {
    /// The time since an arbitrary fixed point (boot), as a duration.
    public static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
