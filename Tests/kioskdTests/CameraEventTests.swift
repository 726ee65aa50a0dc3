import CaptureV4L2
import Foundation
import Kiosk
import Synchronization
import Testing

@testable import kioskd

/// The camera service reports a camera's state changes, which kioskd publishes as events.
@Suite struct CameraEventTests {
    @Test func aMissingDeviceIsReportedAsAStateChange() throws {
        var settings = CameraSettings()
        settings.source = .device("/dev/video-kioskd-test-absent")
        let states = Mutex<[CameraState]>([])
        let service = try CameraService(
            settings: settings,
            logger: Logger(threshold: .error),
            onState: { state in states.withLock { $0.append(state) } },
            onEvent: { _ in }
        )
        service.start()
        defer { service.stop() }
        func isRetrying(_ state: CameraState) -> Bool { if case .retrying = state { true } else { false } }
        for _ in 0..<250 where !states.withLock({ $0.contains(where: isRetrying) }) { usleep(20_000) }
        let seen = states.withLock { $0 }
        // The supervisor's own words: it tried to open the device, found none, and waits to retry.
        #expect(seen.first == .opening(attempt: 1), "\(seen)")
        #expect(
            seen.contains { if case .retrying(_, 1, "camera_not_found") = $0 { true } else { false } },
            "\(seen)"
        )
        // The status op shows a state that was also sent as an event.
        let shown = service.view.state
        #expect(states.withLock { $0 }.contains(shown), "status shows '\(shown)'")
    }

    /// Every supervisor report, each case once.
    static let reports: [CameraStatus] = [
        .opening(attempt: 2),
        .streaming(nil),
        .streaming(
            NegotiatedFormat(
                fourcc: .mjpeg, size: FrameSize(width: 1280, height: 720), bytesPerLine: 2560, sizeImage: 0,
                framesPerSecond: 30, reason: "YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG")),
        .lost(.deviceRemoved(device: "/dev/video0")),
        .retrying(after: .deviceNotFound(device: "/dev/video0"), delay: .milliseconds(500), attempt: 1),
        .retrying(after: .deviceBusy(device: "/dev/video0"), delay: .seconds(30), attempt: 9),
        .gaveUp(.permissionDenied(device: "/dev/video0")),
        .closed,
    ]

    /// kioskd sent the supervisor's log line as the state before it was typed; it still does.
    @Test(arguments: reports)
    func aReportTravelsAsItsLogLine(report: CameraStatus) {
        let state = CameraState(report)
        #expect(state.description == report.description)
        #expect(CameraState(report.description) == state)
    }
}
