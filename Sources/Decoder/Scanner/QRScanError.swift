/// Why a frame could not be scanned: the caller passed a buffer that does not fit the scanner.
///
/// A frame without a code is not an error; these are programming or configuration mistakes.
public enum QRScanError: Error, Equatable, Sendable {
    /// The frame geometry given to ``QRScanner/init(width:height:maximumVersion:)`` cannot hold a symbol.
    case invalidGeometry(width: Int, height: Int)
    /// The row stride is smaller than the width.
    case strideTooSmall(stride: Int, width: Int)
    /// The luma buffer ends before the last row does.
    case bufferTooSmall(bytes: Int, needed: Int)

    /// A stable identifier for logs and the wire; never renamed.
    public var code: String {
        switch self {
        case .invalidGeometry: "scan_invalid_geometry"
        case .strideTooSmall: "scan_stride_too_small"
        case .bufferTooSmall: "scan_buffer_too_small"
        }
    }

    /// One sentence for the operator.
    public var message: String {
        switch self {
        case .invalidGeometry(let width, let height):
            "A \(width)x\(height) frame is too small to scan: both sides must be at least 21 pixels."
        case .strideTooSmall(let stride, let width):
            "The row stride \(stride) is smaller than the frame width \(width)."
        case .bufferTooSmall(let bytes, let needed):
            "The luma buffer holds \(bytes) bytes but the frame geometry needs \(needed)."
        }
    }
}

extension QRScanError: CustomStringConvertible {
    /// The operator's message, so a log line or `print` of the error reads as the sentence.
    public var description: String { message }
}
