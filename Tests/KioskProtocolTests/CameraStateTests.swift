import Foundation
import KioskProtocol
import Testing

/// The camera's state is a typed value at both ends and the same text on the wire as kioskd has
/// always sent: each case's JSON is pinned here, and reads back as the same case.
@Suite struct CameraStateTests {
    /// Every case with the text kioskd sends for it (the supervisor's log line, or the pipeline's words).
    static let wireTexts: [(CameraState, String)] = [
        (.noCamera, "none"),
        (.stopped, "stopped"),
        (.scanning, "scanning"),
        (.opening(attempt: 1), "opening (attempt 1)"),
        (.streaming(format: nil), "streaming"),
        (
            .streaming(format: "MJPG 1280x720 at 30 fps (YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG)"),
            "streaming MJPG 1280x720 at 30 fps (YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG)"
        ),
        (
            .lost(code: "camera_removed", message: "Camera /dev/video0 was disconnected: it will reconnect."),
            "lost: camera_removed: Camera /dev/video0 was disconnected: it will reconnect."
        ),
        (
            .retrying(delay: .milliseconds(500), attempt: 1, code: "camera_not_found"),
            "retrying in 0.5 seconds after attempt 1 failed: camera_not_found"
        ),
        (
            .retrying(delay: .seconds(30), attempt: 12, code: "camera_busy"),
            "retrying in 30.0 seconds after attempt 12 failed: camera_busy"
        ),
        (
            .gaveUp(code: "camera_permission_denied", message: "kioskd may not open camera /dev/video0."),
            "gave up: camera_permission_denied: kioskd may not open camera /dev/video0."
        ),
        (.closed, "closed"),
        (.failed(code: "replay_empty"), "error: replay_empty"),
    ]

    /// The case's name: a switch, so a new case does not compile until it is named here.
    static func caseName(_ state: CameraState) -> String {
        switch state {
        case .noCamera: "noCamera"
        case .stopped: "stopped"
        case .scanning: "scanning"
        case .opening: "opening"
        case .streaming: "streaming"
        case .lost: "lost"
        case .retrying: "retrying"
        case .gaveUp: "gaveUp"
        case .closed: "closed"
        case .failed: "failed"
        }
    }

    @Test func everyCaseHasAPinnedWireText() {
        let names = Set(Self.wireTexts.map { Self.caseName($0.0) })
        #expect(
            names == [
                "noCamera", "stopped", "scanning", "opening", "streaming", "lost", "retrying", "gaveUp", "closed",
                "failed",
            ]
        )
    }

    @Test(arguments: wireTexts.indices)
    func aStateTravelsAsItsTextAndComesBack(index: Int) throws {
        let (state, text) = Self.wireTexts[index]
        #expect(state.description == text)
        let view = CameraStateView(source: "camera /dev/video0 640x480", state: state)
        let json = try ControlJSON.encoder().encode(view)
        // The JSON is the same object as before the state was typed: two strings.
        let fields = try JSONDecoder().decode([String: String].self, from: json)
        #expect(fields == ["source": "camera /dev/video0 640x480", "state": text])
        #expect(try JSONDecoder().decode(CameraStateView.self, from: json) == view)
        #expect(try JSONDecoder().decode(CameraState.self, from: JSONEncoder().encode(text)) == state)
    }

    @Test(arguments: [
        "", "Scanning", "scanning ", "opening (attempt one)", "opening (attempt 1", "lost: camera_removed",
        "lost: : no code", "error: ", "retrying in soon after attempt 1 failed: camera_busy",
        "retrying in 1.0 seconds after attempt 1 failed: ", "gave up", "lost (unplugged)",
    ])
    func anyOtherTextIsRefused(text: String) {
        #expect(CameraState(text) == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CameraState.self, from: JSONEncoder().encode(text))
        }
    }
}
