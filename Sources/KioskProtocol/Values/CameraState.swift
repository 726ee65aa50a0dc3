/// What the camera is doing, as the `status` operation's `camera.state` and the `camera` event tell it.
///
/// On the wire it is one line of text, the same the kiosk's log shows: `scanning`, `streaming MJPG
/// 1280x720 at 30 fps`, `retrying in 2.0 seconds after attempt 1 failed: camera_not_found`. The
/// cases that come from the camera supervisor (`opening` to `closed`) carry what it reported; a
/// capture error keeps only its stable `code` and operator `message`, since this module knows
/// nothing of cameras' own types.
public enum CameraState: Hashable, Sendable {
    /// No camera is configured (`[camera] source = none`): `none`.
    case noCamera
    /// The pipeline is not running, before it starts or after it stops: `stopped`.
    case stopped
    /// The pipeline was started and reads frames (what a replay or synthetic camera stays in): `scanning`.
    case scanning
    /// The camera is being opened; `attempt` counts from 1 since the last good stream: `opening (attempt 1)`.
    case opening(attempt: Int)
    /// Frames are flowing, in this negotiated format when known: `streaming`, `streaming MJPG 1280x720 ...`.
    case streaming(format: String?)
    /// The camera failed while streaming and is being released: `lost: CODE: MESSAGE`.
    case lost(code: String, message: String)
    /// Attempt `attempt` failed with `code`; the next one starts in `delay`:
    /// `retrying in 2.0 seconds after attempt 1 failed: camera_not_found`.
    ///
    /// The delay travels as its text (`Duration`'s description, in seconds), so it reads back at that precision.
    case retrying(delay: Duration, attempt: Int, code: String)
    /// The camera supervisor stopped trying: `gave up: CODE: MESSAGE`.
    case gaveUp(code: String, message: String)
    /// The camera was closed on request: `closed`.
    case closed
    /// The scanning pipeline reported a capture error (a replay or synthetic source): `error: CODE`.
    case failed(code: String)
}

extension CameraState: TextCodable {
    /// The state's wire text: `opening (attempt 1)`, `scanning`, ...
    public var description: String {
        switch self {
        case .noCamera: "none"
        case .stopped: "stopped"
        case .scanning: "scanning"
        case .opening(let attempt): "opening (attempt \(attempt))"
        case .streaming(let format): format.map { "streaming \($0)" } ?? "streaming"
        case .lost(let code, let message): "lost: \(code): \(message)"
        case .retrying(let delay, let attempt, let code):
            "retrying in \(delay) after attempt \(attempt) failed: \(code)"
        case .gaveUp(let code, let message): "gave up: \(code): \(message)"
        case .closed: "closed"
        case .failed(let code): "error: \(code)"
        }
    }

    /// Reads a state from its wire text.
    ///
    /// Any text that is not one of the forms ``description`` writes gives `nil`.
    ///
    /// - Parameter text: The wire text.
    public init?(_ text: String) {
        switch text {
        case "none": self = .noCamera
        case "stopped": self = .stopped
        case "scanning": self = .scanning
        case "streaming": self = .streaming(format: nil)
        case "closed": self = .closed
        default:
            if let format = text.after("streaming ") {
                self = .streaming(format: format)
            } else if let attempt = text.after("opening (attempt ")?.before(")").flatMap({ Int($0) }) {
                self = .opening(attempt: attempt)
            } else if let (code, message) = text.after("lost: ")?.split(at: ": ") {
                self = .lost(code: code, message: message)
            } else if let (code, message) = text.after("gave up: ")?.split(at: ": ") {
                self = .gaveUp(code: code, message: message)
            } else if let code = text.after("error: "), !code.isEmpty {
                self = .failed(code: code)
            } else if let retry = text.after("retrying in "), let (delay, rest) = retry.split(at: " after attempt "),
                let seconds = delay.before(" seconds").flatMap({ Double($0) }),
                let (attempt, code) = rest.split(at: " failed: "),
                let attempts = Int(attempt), !code.isEmpty
            {
                self = .retrying(delay: .seconds(seconds), attempt: attempts, code: code)
            } else {
                return nil
            }
        }
    }
}

extension String {
    /// The rest of the text after `prefix`, or `nil` when it does not start with it.
    fileprivate func after(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }

    /// The text before `suffix`, when the text ends with it and only there.
    fileprivate func before(_ suffix: String) -> String? {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : nil
    }

    /// The text on both sides of the first `separator`, or `nil` without one or with nothing before it.
    fileprivate func split(at separator: String) -> (String, String)? {
        guard let range = firstRange(of: separator), range.lowerBound != startIndex else { return nil }
        return (String(self[..<range.lowerBound]), String(self[range.upperBound...]))
    }
}
