/// A scan as subscribers see it: a code decoded by the camera (once per sighting).
public struct ScanView: Hashable, Sendable, Codable {
    /// The payload as text, when it is UTF-8.
    public let text: String?
    /// The payload's bytes in hex.
    public let payloadHex: String
    /// The symbol's version and error correction level, such as `3-M`.
    public let symbol: String
    /// Whether it was printed light on dark.
    public let inverted: Bool
    /// Whether it was seen mirrored.
    public let mirrored: Bool
    /// From the frame's capture to the scan's result, in ms.
    public let latencyMilliseconds: Double
    /// The symbol's corners in the frame, `[x, y]` each.
    public let corners: [[Double]]

    /// A scan from its fields.
    public init(
        text: String?,
        payloadHex: String,
        symbol: String,
        inverted: Bool,
        mirrored: Bool,
        latencyMilliseconds: Double,
        corners: [[Double]]
    ) {
        self.text = text
        self.payloadHex = payloadHex
        self.symbol = symbol
        self.inverted = inverted
        self.mirrored = mirrored
        self.latencyMilliseconds = latencyMilliseconds
        self.corners = corners
    }

    enum CodingKeys: String, CodingKey {
        case text, symbol, inverted, mirrored, corners
        case payloadHex = "payload_hex"
        case latencyMilliseconds = "latency_ms"
    }
}
