import Foundation
import Glibc
internal import CV4L2Shim

/// A V4L2 capture device found on this machine, for `kioskctl cameras` and config checks.
public struct CaptureDeviceInfo: Hashable, Sendable {
    /// The path to configure: the stable `/dev/v4l/by-id/...` link when udev made one, else ``node``.
    public var path: String
    /// The kernel node, `/dev/videoN` (its number can change across reboots and re-plugs).
    public var node: String
    /// The driver name, as in `uvcvideo`.
    public var driver: String
    /// The device's name, as in `HD Pro Webcam C920`.
    public var card: String
    /// Where it is attached, as in `usb-0000:00:14.0-1`.
    public var busInfo: String
    /// The node's capabilities.
    public var capabilities: DeviceCapabilities
    /// The capture formats and sizes, native and libv4l2-emulated.
    public var formats: [FormatOffer]

    /// Creates a device record.
    ///
    /// - Parameters:
    ///   - path: The stable path.
    ///   - node: The kernel node.
    ///   - driver: The driver name.
    ///   - card: The device name.
    ///   - busInfo: The bus location.
    ///   - capabilities: The node's capabilities.
    ///   - formats: The formats and sizes.
    public init(
        path: String,
        node: String,
        driver: String,
        card: String,
        busInfo: String,
        capabilities: DeviceCapabilities,
        formats: [FormatOffer]
    ) {
        self.path = path
        self.node = node
        self.driver = driver
        self.card = card
        self.busInfo = busInfo
        self.capabilities = capabilities
        self.formats = formats
    }

    /// What ``enumerate(deviceDirectory:)`` found: the capture devices, and the nodes it could not query.
    public struct Inventory: Hashable, Sendable {
        /// Streaming capture devices, in node order.
        public var devices: [CaptureDeviceInfo]
        /// Nodes that could not be opened or queried (busy, no permission, gone), with why.
        public var failures: [CaptureError]
    }

    /// Lists the capture devices: every `/dev/video*` node that can stream single-planar video.
    ///
    /// Metadata nodes (a UVC camera's second node), outputs and multi-planar nodes are skipped.
    /// Each device's ``path`` is its `/dev/v4l/by-id` link when there is one, so a config
    /// survives node renumbering.
    ///
    /// - Parameters:
    ///   - deviceDirectory: Where the nodes are (`/dev`).
    ///   - size: The size to try (`VIDIOC_TRY_FMT`) where a driver cannot enumerate sizes.
    /// - Returns: The devices and the nodes that failed.
    public static func enumerate(
        deviceDirectory: String = "/dev",
        trying size: FrameSize = FrameSize(width: 640, height: 480)
    ) -> Inventory {
        // An unreadable device directory holds no cameras we could open either.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: deviceDirectory)) ?? []
        let nodes = names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix("video"), let number = Int(name.dropFirst(5)) else { return nil }
            return (number, deviceDirectory + "/" + name)
        }.sorted { $0.0 < $1.0 }.map(\.1)
        let stable = stableLinks(in: deviceDirectory + "/v4l/by-id")
        var inventory = Inventory(devices: [], failures: [])
        for node in nodes {
            do throws(CaptureError) {
                if let device = try query(node: node, trying: size) {
                    var named = device
                    named.path = stable[node] ?? node
                    inventory.devices.append(named)
                }
            } catch {
                inventory.failures.append(error)
            }
        }
        return inventory
    }

    /// Queries one node; `nil` when it is not a streaming capture device.
    static func query(node: String, trying size: FrameSize) throws(CaptureError) -> CaptureDeviceInfo? {
        let fd = CV4L2Shim_open(node, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw CaptureError(SystemCallError(operation: "open", errno: errno), device: node) }
        defer { _ = CV4L2Shim_close(fd) }
        let v4l2 = V4L2Node(fd: fd, path: node)
        let identity = try v4l2.capabilities()
        guard identity.device.isUsableCamera else { return nil }
        return CaptureDeviceInfo(
            path: node,
            node: node,
            driver: identity.driver,
            card: identity.card,
            busInfo: identity.busInfo,
            capabilities: identity.device,
            formats: try v4l2.formatOffers(resolving: size)
        )
    }

    /// Maps `/dev/videoN` to its `by-id` link (the capture node's link, `...-video-index0`, sorts first).
    static func stableLinks(in directory: String) -> [String: String] {
        // Without udev there is no by-id directory, and the kernel node is the only path.
        let links = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var map: [String: String] = [:]
        for link in links {
            let path = directory + "/" + link
            guard let target = realpath(path, nil) else { continue }
            defer { free(target) }
            let node = String(cString: target)
            if map[node] == nil { map[node] = path }
        }
        return map
    }
}
