import Foundation
import Testing

@testable import CaptureV4L2

@Suite struct CaptureDeviceInfoTests {
    @Test func stableByIDLinksNameTheirNodes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fm = FileManager.default
        try dir.write("video0", [])
        try dir.write("video1", [])
        try fm.createDirectory(atPath: dir.path + "/v4l/by-id", withIntermediateDirectories: true)
        // A UVC camera's two nodes: index0 is the picture, index1 the metadata.
        try fm.createSymbolicLink(
            atPath: dir.path + "/v4l/by-id/usb-Cam_123-video-index0",
            withDestinationPath: "../../video0"
        )
        try fm.createSymbolicLink(
            atPath: dir.path + "/v4l/by-id/usb-Cam_123-video-index1",
            withDestinationPath: "../../video1"
        )
        let links = CaptureDeviceInfo.stableLinks(in: dir.path + "/v4l/by-id")
        let real = try #require(realpath(dir.path, nil))
        defer { free(real) }
        let root = String(cString: real)
        #expect(links[root + "/video0"] == dir.path + "/v4l/by-id/usb-Cam_123-video-index0")
        #expect(links[root + "/video1"] == dir.path + "/v4l/by-id/usb-Cam_123-video-index1")
    }

    @Test func aNodeThatIsNotV4L2IsReportedNotListed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("video3", [0])
        try dir.write("videoX", [0])  // not a node name: ignored
        try dir.write("media0", [0])
        let inventory = CaptureDeviceInfo.enumerate(deviceDirectory: dir.path)
        #expect(inventory.devices.isEmpty)
        #expect(inventory.failures.count == 1)
        guard case .system(let device, let failure)? = inventory.failures.first else {
            Issue.record("expected a system error, got \(inventory.failures)")
            return
        }
        #expect(device == dir.path + "/video3", "\(failure)")
        // libv4l2's v4l2_open itself asks VIDIOC_QUERYCAP, so a regular file fails at open with ENOTTY.
        #expect(failure == SystemCallError(operation: "open", errno: ENOTTY), "\(failure)")
    }

    @Test func noDeviceDirectoryMeansNoCameras() {
        let inventory = CaptureDeviceInfo.enumerate(deviceDirectory: "/nonexistent-capture-test-dir")
        #expect(inventory.devices.isEmpty && inventory.failures.isEmpty)
    }
}
