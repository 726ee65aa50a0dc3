/// An encoded QR symbol: its module grid and the parameters it was built with.
public struct QRCode: Hashable, Sendable {
    /// The modules, without quiet zone.
    public let matrix: QRMatrix
    /// The symbol's version.
    public let version: QRVersion
    /// The error-correction level.
    public let level: ErrorCorrectionLevel
    /// The data mask applied.
    public let mask: QRMask
    /// The segments written, in order (an ECI segment included).
    public let segments: [QRSegment]
    /// The structured-append header written before the segments, if any.
    public let structuredAppend: StructuredAppend?

    /// Creates the value the encoder returns.
    init(
        matrix: QRMatrix,
        version: QRVersion,
        level: ErrorCorrectionLevel,
        mask: QRMask,
        segments: [QRSegment],
        structuredAppend: StructuredAppend?
    ) {
        self.matrix = matrix
        self.version = version
        self.level = level
        self.mask = mask
        self.segments = segments
        self.structuredAppend = structuredAppend
    }
}
