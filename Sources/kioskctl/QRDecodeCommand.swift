import CaptureV4L2
import Decoder
import Foundation

/// `kioskctl qr decode`: reads every QR code in image files with the camera-frame scanner.
struct QRDecodeCommand {
    static let help = """
        Usage: kioskctl qr decode [--json] FILE...

        Reads every QR code in each file: a PGM image (binary P5 or plain P2), or a Y4M video
        (every frame is read). Codes may be turned, tilted, small, inverted (light on dark) or
        mirrored, several to an image: the same scanner kioskd runs on its camera.

        Output: one line per code with its text (or `hex:` and its bytes when they are not
        text). With --json, one JSON object per code per line: file, frame (Y4M only), text
        (null when the payload is not valid text), payload_hex, version, level, mask, corners
        (four [x, y] pairs), mirrored, inverted.

        A file with no readable code is reported on standard error, and the exit status is 1.

        Options:
          --json      JSON lines instead of text
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
        guard !arguments.operands.isEmpty else { throw UsageError("name at least one PGM or Y4M file") }

        var status = ExitStatus.done
        for path in arguments.operands {
            do {
                let found = try decode(path: path) { frame, symbol in
                    print(json ? jsonLine(file: path, frame: frame, symbol: symbol) : textLine(symbol))
                }
                if found == 0 {
                    Diagnostics.write("\(path): no readable QR code")
                    status = ExitStatus.refused
                }
            } catch {
                Diagnostics.write("\(path): \(error)")
                status = ExitStatus.refused
            }
        }
        return status
    }

    struct FileFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Scans every frame of a file; returns how many codes were found.
    static func decode(path: String, report: (Int?, ScannedSymbol) -> Void) throws(FileFailure) -> Int {
        if path.hasSuffix(".y4m") {
            let replay: ReplaySource
            do { replay = try ReplaySource(path: path, pacing: .asFastAsPossible) } catch {
                throw FileFailure(description: error.message)
            }
            var found = 0
            var scanner: QRScanner?
            for index in 0..<replay.frameCount {
                let frame: LumaFrame?
                do { frame = try replay.nextFrame(timeout: .zero) } catch { throw FileFailure(description: error.message) }
                guard let frame else { break }
                defer { replay.release(frame) }
                if scanner == nil { scanner = try makeScanner(width: frame.width, height: frame.height) }
                guard let scanner else { break }
                for symbol in try scan(scanner, frame.pixels, stride: frame.stride) {
                    report(index, symbol)
                    found += 1
                }
            }
            return found
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw FileFailure(description: "cannot read the file") }
        let image: LumaImage
        do { image = try LumaImage(pgm: Array(data)) } catch { throw FileFailure(description: error.message) }
        let scanner = try makeScanner(width: image.width, height: image.height)
        let symbols = try image.pixels.withUnsafeBufferPointer { pixels throws(FileFailure) in
            try scan(scanner, pixels, stride: image.width)
        }
        for symbol in symbols { report(nil, symbol) }
        return symbols.count
    }

    static func makeScanner(width: Int, height: Int) throws(FileFailure) -> QRScanner {
        do { return try QRScanner(width: width, height: height) } catch { throw FileFailure(description: error.message) }
    }

    static func scan(_ scanner: QRScanner, _ pixels: UnsafeBufferPointer<UInt8>, stride: Int) throws(FileFailure) -> [ScannedSymbol] {
        do { return try scanner.scan(pixels, stride: stride) } catch { throw FileFailure(description: error.message) }
    }

    static func textLine(_ scanned: ScannedSymbol) -> String {
        scanned.symbol.text ?? "hex:" + hex(scanned.payload)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func jsonLine(file: String, frame: Int?, symbol scanned: ScannedSymbol) -> String {
        JSONLine.encode(
            SymbolLine(
                file: file,
                frame: frame,
                text: scanned.symbol.text,
                payloadHex: hex(scanned.payload),
                version: Int(scanned.version.rawValue),
                level: scanned.level.description,
                mask: Int(scanned.symbol.mask.rawValue),
                mirrored: scanned.mirrored,
                inverted: scanned.inverted,
                corners: scanned.corners.map { [($0.x * 10).rounded() / 10, ($0.y * 10).rounded() / 10] }
            )
        )
    }

    /// One decoded symbol as `qr decode --json` prints it; `text` is null for a binary payload.
    struct SymbolLine: Encodable {
        let file: String
        let frame: Int?
        let text: String?
        let payloadHex: String
        let version: Int
        let level: String
        let mask: Int
        let mirrored: Bool
        let inverted: Bool
        let corners: [[Double]]

        enum CodingKeys: String, CodingKey {
            case file, frame, text, version, level, mask, mirrored, inverted, corners
            case payloadHex = "payload_hex"
        }

        func encode(to encoder: any Encoder) throws {
            var fields = encoder.container(keyedBy: CodingKeys.self)
            try fields.encode(file, forKey: .file)
            try fields.encodeIfPresent(frame, forKey: .frame)
            try fields.encode(text, forKey: .text)
            try fields.encode(payloadHex, forKey: .payloadHex)
            try fields.encode(version, forKey: .version)
            try fields.encode(level, forKey: .level)
            try fields.encode(mask, forKey: .mask)
            try fields.encode(mirrored, forKey: .mirrored)
            try fields.encode(inverted, forKey: .inverted)
            try fields.encode(corners, forKey: .corners)
        }
    }
}
