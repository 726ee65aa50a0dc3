import Decoder
import Foundation

/// `kioskctl qr decode`: reads the QR codes in image files.
struct QRDecodeCommand {
    static let help = """
        Usage: kioskctl qr decode [--json] FILE.pgm...

        Reads the QR code in each PGM image (binary P5 or plain P2). The code must be upright and
        axis-aligned with its quiet zone around it: what `kioskctl qr encode` writes, or a clean
        flat scan.

        Output: one line per code with its text (or `hex:` and its bytes when they are not text).
        With --json, one JSON object per code per line: file, text (null when the payload is not
        valid text), payload_hex, version, level, mask, mirrored.

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
        guard !arguments.operands.isEmpty else { throw UsageError("name at least one PGM file") }

        let decoder = QRGridDecoder()
        var status = ExitStatus.done
        for path in arguments.operands {
            do {
                let symbol = try decode(path: path, with: decoder)
                print(json ? jsonLine(file: path, symbol: symbol) : textLine(symbol))
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

    static func decode(path: String, with decoder: QRGridDecoder) throws(FileFailure) -> QRSymbol {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileFailure(description: "cannot read the file") }
        let image: LumaImage
        do { image = try LumaImage(pgm: Array(data)) } catch { throw FileFailure(description: error.message) }
        let matrix: QRMatrix
        do { matrix = try AlignedSymbolSampler.sample(image) } catch { throw FileFailure(description: error.message) }
        do { return try decoder.decode(matrix) } catch {
            throw FileFailure(description: "no readable QR code: \(error.message)")
        }
    }

    static func textLine(_ symbol: QRSymbol) -> String {
        symbol.text ?? "hex:" + hex(symbol.payload)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func jsonLine(file: String, symbol: QRSymbol) -> String {
        let object: [String: Any] = [
            "file": file,
            "text": symbol.text ?? NSNull(),
            "payload_hex": hex(symbol.payload),
            "version": symbol.version.rawValue,
            "level": symbol.level.description,
            "mask": symbol.mask.rawValue,
            "mirrored": symbol.mirrored,
        ]
        return JSONLine.encode(object)
    }
}
