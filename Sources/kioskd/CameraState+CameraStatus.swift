import CaptureV4L2
import Kiosk

extension CameraState {
    /// The protocol's state for what the camera supervisor reported.
    ///
    /// Its wire text is the report's own log line (`CameraStatus.description`), so a log and a
    /// `camera` event say the same words.
    init(_ status: CameraStatus) {
        switch status {
        case .opening(let attempt): self = .opening(attempt: attempt)
        case .streaming(let format): self = .streaming(format: format?.description)
        case .lost(let error): self = .lost(code: error.code, message: error.message)
        case .retrying(let error, let delay, let attempt):
            self = .retrying(delay: delay, attempt: attempt, code: error.code)
        case .gaveUp(let error): self = .gaveUp(code: error.code, message: error.message)
        case .closed: self = .closed
        }
    }
}
