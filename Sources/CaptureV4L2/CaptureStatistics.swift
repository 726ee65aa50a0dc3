/// Counters a camera keeps since it was created, across reconnects.
public struct CaptureStatistics: Hashable, Sendable {
    /// Good frames handed out.
    public var frames = 0
    /// Frames the driver captured but kioskd never saw (gaps in the driver's sequence numbers).
    public var dropped = 0
    /// Good frames skipped because a newer one was already waiting (the consumer was slower than the camera).
    public var stale = 0
    /// Frames dropped as corrupt (`V4L2_BUF_FLAG_ERROR` or fewer bytes than a full frame).
    public var corrupt = 0
    /// Stream restarts (stalls, runs of corrupt frames).
    public var restarts = 0
    /// Successful openings after the first one.
    public var reconnects = 0

    /// All zero.
    public init() {}
}
