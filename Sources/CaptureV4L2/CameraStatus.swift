/// What the camera supervisor tells the operator (logs, the control protocol's camera events).
public enum CameraStatus: Hashable, Sendable {
    /// Opening the camera; `attempt` counts from 1 since the last good stream.
    case opening(attempt: Int)
    /// Frames are flowing, in this format (with its rate and why it was chosen), when known.
    case streaming(NegotiatedFormat?)
    /// The camera failed while streaming and is being released.
    case lost(CaptureError)
    /// The last attempt failed with `error`; the next one starts in `delay`.
    case retrying(after: CaptureError, delay: Duration, attempt: Int)
    /// The supervisor stopped trying (only with ``BackoffPolicy/maxAttempts``).
    case gaveUp(CaptureError)
    /// The camera was closed on request.
    case closed
}

extension CameraStatus: CustomStringConvertible {
    /// One line for the log.
    ///
    /// For example `streaming MJPG 1280x720 at 30 fps (YUYV 1280x720 reaches 10 fps; MJPEG reaches 30:
    /// using MJPEG)` or `lost: camera_removed: Camera /dev/video0 was disconnected ...`.
    public var description: String {
        switch self {
        case .opening(let attempt): "opening (attempt \(attempt))"
        case .streaming(let format): format.map { "streaming \($0)" } ?? "streaming"
        case .lost(let error): "lost: \(error.code): \(error.message)"
        case .retrying(let error, let delay, let attempt):
            "retrying in \(delay) after attempt \(attempt) failed: \(error.code)"
        case .gaveUp(let error): "gave up: \(error.code): \(error.message)"
        case .closed: "closed"
        }
    }
}
