import CaptureV4L2
import Foundation

/// `kioskctl cameras`: the capture devices on this machine, their formats and sizes (no daemon).
enum CamerasCommand {
    static let help = """
        Usage: kioskctl cameras [--json]

        Lists the V4L2 capture devices on this machine (metadata and output nodes are skipped),
        each by its stable /dev/v4l/by-id path when it has one, with its driver, card and the
        formats and frame sizes it offers. Works without kioskd; a camera kioskd is streaming
        from still lists. Nodes that could not be queried are reported on standard error.

        Options:
          --json      one JSON object per device per line
          -h, --help  show this help
        """

    static func run(_ words: [String]) throws -> Int32 {
        var arguments = try ArgumentList(words, valueOptions: [])
        if try arguments.flag("help") {
            print(help)
            return ExitStatus.done
        }
        let json = try arguments.flag("json")
        try arguments.finish()
        guard arguments.operands.isEmpty else { throw UsageError("cameras takes no arguments") }
        let inventory = CaptureDeviceInfo.enumerate()
        for failure in inventory.failures { Diagnostics.write(failure.message) }
        if inventory.devices.isEmpty && !json { print("no capture devices found") }
        for device in inventory.devices {
            if json {
                print(
                    JSONLine.encode([
                        "path": device.path, "node": device.node, "driver": device.driver, "card": device.card,
                        "bus": device.busInfo, "formats": device.formats.map(\.description),
                    ] as [String: Any]))
            } else {
                print("\(device.path)\(device.path == device.node ? "" : " (\(device.node))")")
                print("  \(device.card), driver \(device.driver), \(device.busInfo)")
                for format in device.formats { print("  \(format)") }
            }
        }
        return ExitStatus.done
    }
}
