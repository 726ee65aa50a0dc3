/// The camera and scanner figures of the `status` operation.
public struct CameraView: Hashable, Sendable, Codable {
    /// What frames come from: `camera /dev/video0 640x480`, `synthetic camera ...`, `no camera`.
    public var source: String
    /// What the camera is doing; on the wire its text, e.g. `scanning` or `opening (attempt 1)`.
    public var state: CameraState
    /// Frames taken from the source.
    public var framesCaptured: Int
    /// Frames dropped because a newer one came before the scanner was free.
    public var framesDropped: Int
    /// Frames scanned.
    public var framesScanned: Int
    /// Codes decoded, before de-duplication.
    public var symbolsDecoded: Int
    /// New sightings reported.
    public var scanEvents: Int
    /// Median time from a frame's capture to its scan result, in ms.
    public var latencyP50Milliseconds: Double?
    /// 99th percentile of that time, in ms.
    public var latencyP99Milliseconds: Double?

    /// Creates the figures.
    public init(
        source: String, state: CameraState, framesCaptured: Int, framesDropped: Int, framesScanned: Int,
        symbolsDecoded: Int, scanEvents: Int, latencyP50Milliseconds: Double?, latencyP99Milliseconds: Double?
    ) {
        self.source = source
        self.state = state
        self.framesCaptured = framesCaptured
        self.framesDropped = framesDropped
        self.framesScanned = framesScanned
        self.symbolsDecoded = symbolsDecoded
        self.scanEvents = scanEvents
        self.latencyP50Milliseconds = latencyP50Milliseconds
        self.latencyP99Milliseconds = latencyP99Milliseconds
    }

    enum CodingKeys: String, CodingKey {
        case source, state
        case framesCaptured = "frames_captured"
        case framesDropped = "frames_dropped"
        case framesScanned = "frames_scanned"
        case symbolsDecoded = "symbols_decoded"
        case scanEvents = "scan_events"
        case latencyP50Milliseconds = "latency_p50_ms"
        case latencyP99Milliseconds = "latency_p99_ms"
    }
}
