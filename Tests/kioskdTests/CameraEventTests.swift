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
        let states = Mutex<[String]>([])
        let service = try CameraService(
            settings: settings,
            logger: Logger(threshold: .error),
            onState: { state in states.withLock { $0.append(state) } },
            onEvent: { _ in }
        )
        service.start()
        defer { service.stop() }
        for _ in 0..<250 where !states.withLock({ $0.contains { $0.hasPrefix("retrying") } }) { usleep(20_000) }
        let seen = states.withLock { $0 }
        // The supervisor's own words: it tried to open the device, found none, and waits to retry.
        #expect(seen.first == "opening (attempt 1)", "\(seen)")
        #expect(seen.contains { $0.hasPrefix("retrying in ") && $0.hasSuffix("failed: camera_not_found") }, "\(seen)")
        // The status op shows a state that was also sent as an event.
        let shown = service.view.state
        #expect(states.withLock { $0 }.contains(shown), "status shows '\(shown)'")
    }
}
