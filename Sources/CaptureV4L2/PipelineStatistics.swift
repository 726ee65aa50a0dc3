/// What the scanning pipeline has done so far: the figures `status` and `pipeline-bench` report.
public struct PipelineStatistics: Hashable, Sendable {
    /// Frames taken from the source.
    public var captured = 0
    /// Frames dropped because a newer one arrived before the scanner was free (latest wins).
    public var dropped = 0
    /// Frames scanned.
    public var scanned = 0
    /// Symbols decoded (before de-duplication).
    public var decoded = 0
    /// Scan events sent (after de-duplication).
    public var events = 0
    /// Frames the scanner refused (geometry or buffer), skipped.
    public var unscannable = 0
    /// Thread CPU time spent scanning, in total.
    public var scanCPUTime: Duration = .zero
    /// The last 1,024 frame-to-result latencies (capture to end of scan), for percentiles.
    var latencies: [Duration] = []
    private var nextLatency = 0

    /// No frames yet.
    public init() {}

    mutating func record(latency: Duration) {
        if latencies.count < 1024 {
            latencies.append(latency)
        } else {
            latencies[nextLatency] = latency
            nextLatency = (nextLatency + 1) % 1024
        }
    }

    /// The latency below which `fraction` of recent frames fall (0.5 for the median, 0.99 for p99).
    ///
    /// - Returns: `nil` before any frame was scanned.
    public func latency(percentile fraction: Double) -> Duration? {
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
        return sorted[max(0, index)]
    }
}
