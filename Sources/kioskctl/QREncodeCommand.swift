import Decoder
import Foundation

/// `kioskctl qr encode`: renders a payload as a QR code image (PGM or SVG).
struct QREncodeCommand {
    static let help = """
        Usage: kioskctl qr encode [options] [TEXT]

        Renders TEXT (or, without TEXT, the bytes read from standard input) as a QR code.
        Text is segmented optimally (numeric, alphanumeric, byte as UTF-8, Kanji); stdin bytes
        go in one byte segment as they are.

        Options:
          --level L|M|Q|H   error-correction level (default M)
          --version N       force version N (1-40) instead of the smallest that fits
          --mask N          force mask N (0-7) instead of the one with the lowest penalty
          --format pgm|svg  image format (default: svg when --output ends in .svg, else pgm)
          --module PX       pixels (PGM) or user units (SVG) per module (default 4)
          --output FILE     write the image to FILE instead of standard output
          -h, --help        show this help

        The chosen version, level and mask are reported on standard error.
        """

    static let valueOptions: Set<String> = ["level", "version", "mask", "format", "module", "output"]

    static func run(_ words: [String]) throws -> Int32 {
        var arguments = try ArgumentList(words, valueOptions: valueOptions)
        if try arguments.flag("help") {
            print(help)
            return ExitStatus.done
        }
        var encoder = QREncoder()
        if let letter = arguments.value("level") {
            guard let level = ErrorCorrectionLevel(letter: letter) else {
                throw UsageError("--level must be L, M, Q or H, not '\(letter)'")
            }
            encoder.level = level
        }
        if let number = try arguments.integer("version", in: 1...40) { encoder.version = QRVersion(rawValue: number) }
        if let number = try arguments.integer("mask", in: 0...7) { encoder.mask = QRMask(rawValue: number) }
        let moduleSize = try arguments.integer("module", in: 1...100) ?? 4
        let output = arguments.value("output")
        let format = arguments.value("format") ?? (output?.hasSuffix(".svg") == true ? "svg" : "pgm")
        guard format == "pgm" || format == "svg" else { throw UsageError("--format must be pgm or svg, not '\(format)'") }
        try arguments.finish()
        guard arguments.operands.count <= 1 else {
            throw UsageError("give the text as one argument (quote it if it has spaces)")
        }

        let code: QRCode
        if let text = arguments.operands.first {
            code = try encoder.encode(text)
        } else {
            code = try encoder.encode(bytes: Array(FileHandle.standardInput.readDataToEndOfFile()))
        }
        let image: [UInt8] =
            format == "svg" ? Array(try code.matrix.svg(moduleSize: moduleSize).utf8) : try code.matrix.pgm(moduleSize: moduleSize)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(image)) else {
                throw CommandFailure("cannot write \(output)")
            }
        } else {
            FileHandle.standardOutput.write(Data(image))
        }
        Diagnostics.write("version \(code.version)-\(code.level), mask \(code.mask), \(code.matrix.size)x\(code.matrix.size) modules")
        return ExitStatus.done
    }
}
