/// One QR symbol found and decoded in a camera frame.
public struct ScannedSymbol: Hashable, Sendable {
    /// The decoded symbol: payload, text, version, level, mask, segments.
    public let symbol: QRSymbol
    /// The symbol's outer corners in image coordinates, in symbol orientation: top-left,
    /// top-right, bottom-right, bottom-left (the top-left finder sits at the first).
    public let corners: [ImagePoint]
    /// Whether the symbol was light on dark (a dark-mode screen or an inverted print).
    public let inverted: Bool

    /// The payload bytes.
    public var payload: [UInt8] { symbol.payload }
    /// The symbol's version.
    public var version: QRVersion { symbol.version }
    /// The symbol's error-correction level.
    public var level: ErrorCorrectionLevel { symbol.level }
    /// Whether the symbol was seen mirrored (read transposed).
    public var mirrored: Bool { symbol.mirrored }
}
