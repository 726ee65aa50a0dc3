import CaptureV4L2
import Foundation

/// `kioskctl cameras`: the capture devices on this machine, their formats, sizes and rates, and the
/// format kioskd would choose for a size and rate (no daemon).
enum CamerasCommand {
    static let help = """
        Usage: kioskctl cameras [--size WxH] [--fps N] [--json]

        Lists the V4L2 capture devices on this machine (metadata and output nodes are skipped),
        each by its stable /dev/v4l/by-id path when it has one, with its driver, card and the
        formats, frame sizes and frame rates it offers, and the format kioskd would choose for
        the size and rate (as [camera] width, height and fps configure it) and why. Works
        without kioskd; a camera kioskd is streaming from still lists. Nodes that could not be
        queried are reported on standard error.

        Options:
          --size WxH  the frame size to plan for (default 640x480)
          --fps N     the frame rate to plan for (default 30)
          --json      one JSON object per device per line
          -h, --help  show this help
        """

    static func run(_ words: [String]) throws -> Int32 {
        var arguments = try ArgumentList(words, valueOptions: ["size", "fps"])
        if try arguments.flag("help") {
            print(help)
            return ExitStatus.done
        }
        let json = try arguments.flag("json")
        let sizeText = arguments.value("size") ?? "640x480"
        let parts = sizeText.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 > 0 }) else {
            throw UsageError("--size must look like 640x480, not '\(sizeText)'")
        }
        let size = FrameSize(width: parts[0], height: parts[1])
        let fps = try arguments.integer("fps", in: 1...120) ?? FormatPlan.defaultRate
        try arguments.finish()
        guard arguments.operands.isEmpty else { throw UsageError("cameras takes no arguments") }
        let inventory = CaptureDeviceInfo.enumerate(trying: size)
        for failure in inventory.failures { Diagnostics.write(failure.message) }
        if inventory.devices.isEmpty && !json { print("no capture devices found") }
        for device in inventory.devices {
            let plan: String
            do throws(CaptureError) {
                let chosen = try FormatPlan.choose(from: device.formats, size: size, rate: fps, device: device.path)
                plan = "\(chosen.fourcc) \(chosen.size)\(chosen.interval.map { " at \($0) fps" } ?? ""): \(chosen.reason)"
            } catch {
                plan = error.message
            }
            if json {
                print(
                    JSONLine.encode(
                        DeviceLine(
                            path: device.path, node: device.node, driver: device.driver, card: device.card,
                            bus: device.busInfo, formats: device.formats.map(\.description), plan: plan
                        )
                    )
                )
            } else {
                print("\(device.path)\(device.path == device.node ? "" : " (\(device.node))")")
                print("  \(device.card), driver \(device.driver), \(device.busInfo)")
                for format in device.formats { print("  \(format)") }
                print("  for \(size) at \(fps) fps: \(plan)")
            }
        }
        return ExitStatus.done
    }

    /// One device as `cameras --json` prints it.
    struct DeviceLine: Encodable {
        let path: String
        let node: String
        let driver: String
        let card: String
        let bus: String
        let formats: [String]
        let plan: String
    }
}
