internal import Decoder

/// A code the pipeline saw come into view: its payload, where it was, and how fresh it is.
public struct ScanEvent: Hashable, Sendable {
    /// The payload bytes.
    public let payload: [UInt8]
    /// The payload as text, when it is text.
    public let text: String?
    /// Symbol version and level, e.g. `3-M`.
    public let symbol: String
    /// The four corners in the frame, clockwise from the top-left finder: [x, y] pairs.
    public let corners: [[Double]]
    /// Light-on-dark (a phone in dark mode).
    public let inverted: Bool
    /// Seen in a mirror or from behind.
    public let mirrored: Bool
    /// The frame's capture time on `CLOCK_MONOTONIC`.
    public let frameTimestamp: Duration
    /// From the frame's capture to this event.
    public let latency: Duration
    /// The frame's sequence number.
    public let sequence: UInt32

    init(_ scanned: ScannedSymbol, frame: LumaFrame, now: Duration) {
        payload = scanned.payload
        text = scanned.symbol.text
        symbol = "\(scanned.version)-\(scanned.level)"
        corners = scanned.corners.map { [Double($0.x), Double($0.y)] }
        inverted = scanned.inverted
        mirrored = scanned.mirrored
        frameTimestamp = frame.timestamp
        latency = now - frame.timestamp
        sequence = frame.sequence
    }
}
