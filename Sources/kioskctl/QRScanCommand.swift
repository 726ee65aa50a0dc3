import CaptureV4L2
import Foundation

/// `kioskctl qr scan`: prints scan events live from a camera, a replay or the synthetic camera,
/// the way kioskd would see them (a handy check of a camera on site). No daemon involved.
enum QRScanCommand {
    static let help = """
        Usage: kioskctl qr scan --source SOURCE [options]

        Runs the scanning pipeline on SOURCE and prints each code as it comes into view (a code
        held in view is printed once, and again after it has been out of view for the hold),
        until interrupted (or until a replay ends).

        Sources:
          camera:/dev/videoN   a V4L2 camera (or a /dev/v4l/by-id path); stop kioskd first
          replay:PATH          a directory of PGM frames or a Y4M file, at its own frame rate
          synthetic            cards with --text payloads sliding under a synthetic camera

        Options:
          --size WxH        frame size (default 640x480)
          --fps N           frame rate (default 30)
          --text TEXT       a payload for the synthetic camera (repeat for more; default two samples)
          --hold SECONDS    the de-duplication hold (default 2)
          --json            one JSON object per event per line
          -h, --help        show this help
        """

    static func run(_ words: [String]) throws -> Int32 {
        // `--text` may repeat: collect its values before the generic parser sees them.
        var texts: [String] = []
        var rest: [String] = []
        var iterator = words.makeIterator()
        while let word = iterator.next() {
            if word == "--text" {
                guard let value = iterator.next() else { throw UsageError("--text needs a value") }
                texts.append(value)
            } else {
                rest.append(word)
            }
        }
        var arguments = try ArgumentList(rest, valueOptions: ["source", "size", "fps", "hold"])
        if try arguments.flag("help") {
            print(help)
            return ExitStatus.done
        }
        let json = try arguments.flag("json")
        guard let source = arguments.value("source") else { throw UsageError("--source is required") }
        let sizeText = arguments.value("size") ?? "640x480"
        let parts = sizeText.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 else { throw UsageError("--size must look like 640x480, not '\(sizeText)'") }
        let size = FrameSize(width: parts[0], height: parts[1])
        let fps = try arguments.integer("fps", in: 1...120) ?? 30
        let hold = try arguments.integer("hold", in: 1...600) ?? 2
        try arguments.finish()
        guard arguments.operands.isEmpty else { throw UsageError("unexpected '\(arguments.operands[0])'") }

        let done = DispatchSemaphore(value: 0)
        let onEvent: @Sendable (ScanEvent) -> Void = { event in
            let latency = Double(event.latency.components.attoseconds) / 1e15 + Double(event.latency.components.seconds) * 1000
            let line: String
            if json {
                line = JSONLine.encode(
                    ScanLine(
                        text: event.text, payloadHex: QRDecodeCommand.hex(event.payload), symbol: event.symbol,
                        corners: event.corners, inverted: event.inverted, mirrored: event.mirrored,
                        frame: Int(event.sequence), latencyMilliseconds: (latency * 10).rounded() / 10
                    )
                )
            } else {
                line = "\(event.text ?? "hex:" + QRDecodeCommand.hex(event.payload))  [\(event.symbol), frame \(event.sequence), \(String(format: "%.1f", latency)) ms]"
            }
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        let onError: @Sendable (CaptureError) -> Void = { error in
            Diagnostics.write(error.message)
            if case .endOfStream = error { done.signal() }
        }
        let stop: () -> Void
        switch source {
        case "synthetic":
            let payloads = texts.isEmpty ? ["KIOSKD SAMPLE VOUCHER 0001", "KIOSKD SAMPLE VOUCHER 0002"] : texts
            let camera = try SyntheticCamera(size: size, framesPerSecond: Double(fps), payloads: payloads)
            let pipeline = ScanPipeline(source: camera, dedupHold: .seconds(hold), onEvent: onEvent, onError: onError)
            pipeline.start()
            stop = pipeline.stop
        case let text where text.hasPrefix("replay:"):
            let replay = try ReplaySource(path: String(text.dropFirst(7)))
            let pipeline = ScanPipeline(source: replay, dedupHold: .seconds(hold), onEvent: onEvent, onError: onError)
            pipeline.start()
            stop = pipeline.stop
        case let text where text.hasPrefix("camera:"):
            let path = String(text.dropFirst(7))
            let camera = V4L2Camera(configuration: CameraConfiguration(device: path, size: size, frameRate: fps)) { status in
                Diagnostics.write("camera \(path): \(status.description)")
            }
            let pipeline = ScanPipeline(source: camera, dedupHold: .seconds(hold), onEvent: onEvent, onError: onError)
            pipeline.start()
            stop = pipeline.stop
        default:
            throw UsageError("--source must be camera:/dev/..., replay:PATH or synthetic, not '\(source)'")
        }
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT)
        interrupt.setEventHandler { done.signal() }
        interrupt.resume()
        done.wait()
        stop()
        return ExitStatus.done
    }
}

/// One sighting as `qr scan --json` prints it; `text` is null for a binary payload.
struct ScanLine: Encodable {
    let text: String?
    let payloadHex: String
    let symbol: String
    let corners: [[Double]]
    let inverted: Bool
    let mirrored: Bool
    let frame: Int
    let latencyMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case text, symbol, corners, inverted, mirrored, frame
        case payloadHex = "payload_hex"
        case latencyMilliseconds = "latency_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(text, forKey: .text)
        try fields.encode(payloadHex, forKey: .payloadHex)
        try fields.encode(symbol, forKey: .symbol)
        try fields.encode(corners, forKey: .corners)
        try fields.encode(inverted, forKey: .inverted)
        try fields.encode(mirrored, forKey: .mirrored)
        try fields.encode(frame, forKey: .frame)
        try fields.encode(latencyMilliseconds, forKey: .latencyMilliseconds)
    }
}
