import Glibc
import Testing

@testable import CaptureV4L2

@Suite struct CaptureErrorTests {
    @Test(arguments: [
        (ENODEV, CaptureError.deviceRemoved(device: "/dev/video0")),
        (EBUSY, .deviceBusy(device: "/dev/video0")),
        (ENOSPC, .usbBandwidthExhausted(device: "/dev/video0")),
        (ENOENT, .deviceNotFound(device: "/dev/video0")),
        (EACCES, .permissionDenied(device: "/dev/video0")),
    ])
    func errnoMapsToTheDomainCase(code: CInt, expected: CaptureError) {
        let error = CaptureError(SystemCallError(operation: "VIDIOC_STREAMON", errno: code), device: "/dev/video0")
        #expect(error == expected)
        #expect(error.message.contains("/dev/video0"))
    }

    @Test func unknownErrnoKeepsTheCallAndErrno() {
        let error = CaptureError(SystemCallError(operation: "VIDIOC_QBUF", errno: EIO), device: "/dev/video3")
        #expect(error == .system(device: "/dev/video3", SystemCallError(operation: "VIDIOC_QBUF", errno: EIO)))
        #expect(error.code == "camera_system_error")
        #expect(error.message.contains("VIDIOC_QBUF"))
    }

    @Test func busyAndBandwidthTellTheOperatorWhatToDo() {
        #expect(CaptureError.deviceBusy(device: "/dev/video0").message.contains("another program"))
        #expect(CaptureError.usbBandwidthExhausted(device: "/dev/video0").message.contains("USB"))
        #expect(CaptureError.usbBandwidthExhausted(device: "/dev/video0").message.contains("another controller"))
    }

    @Test func syscallRetriesInterruptsAndReportsWouldBlock() throws {
        var calls = 0
        let outcome = try syscall("test") { () -> CInt in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        guard case .done(let value) = outcome else { Issue.record("expected a value"); return }
        #expect(value == 7 && calls == 3)
        let blocked = try syscall("test") { () -> CInt in
            errno = EAGAIN
            return -1
        }
        guard case .wouldBlock = blocked else { Issue.record("expected wouldBlock"); return }
        #expect(throws: SystemCallError(operation: "test", errno: ENODEV)) {
            _ = try syscall("test") { () -> CInt in
                errno = ENODEV
                return -1
            }
        }
    }
}
