/// Why a JPEG (an MJPEG camera frame) could not be decoded or encoded.
///
/// A camera frame that fails to decode is counted as corrupt and dropped (a webcam's first frames
/// and USB glitches give such frames); it is never fatal.
public enum JPEGError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The buffer holds no bytes.
    case empty
    /// The image is not the negotiated size.
    case wrongSize(expected: FrameSize, found: FrameSize)
    /// libjpeg-turbo refused the data (garbage, truncated, a warning such as a premature end);
    /// `reason` is its message.
    case malformed(reason: String)
    /// libjpeg-turbo could not compress (only benches and test harnesses encode).
    case encodingFailed(reason: String)

    /// One line for logs and test output.
    public var description: String {
        switch self {
        case .empty: "empty JPEG frame"
        case .wrongSize(let expected, let found): "JPEG frame is \(found), expected \(expected)"
        case .malformed(let reason): "corrupt JPEG frame: \(reason)"
        case .encodingFailed(let reason): "JPEG encoding failed: \(reason)"
        }
    }
}
