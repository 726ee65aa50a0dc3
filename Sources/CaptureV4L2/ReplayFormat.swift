/// Parsers for the two replay formats: binary PGM (P5) and YUV4MPEG2 (Y4M).
///
/// Each error names what is wrong, e.g. "16-bit PGM (maxval 65535) is not supported".
enum ReplayFormat {
    /// Where a PGM's pixels are.
    struct PGMHeader: Equatable {
        var size: FrameSize
        var pixelOffset: Int
    }

    /// Parses a binary PGM (`P5`): magic, width, height, maxval (comments allowed), one whitespace, pixels.
    static func parsePGM(_ bytes: UnsafeRawBufferPointer, path: String) throws(CaptureError) -> PGMHeader {
        var scanner = HeaderScanner(bytes: bytes)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P") else {
            throw .replayMalformed(path: path, reason: "not a PGM file (it does not start with \"P5\")")
        }
        guard bytes[1] == UInt8(ascii: "5") else {
            let kind = bytes[1] == UInt8(ascii: "2") ? "ASCII PGM (P2)" : "P\(Character(Unicode.Scalar(bytes[1])))"
            throw .replayMalformed(path: path, reason: "\(kind) is not supported; convert it to binary PGM (P5)")
        }
        scanner.position = 2
        guard let width = scanner.number(), let height = scanner.number(), let maxval = scanner.number() else {
            throw .replayMalformed(path: path, reason: "the PGM header is incomplete (width, height, maxval)")
        }
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw .replayMalformed(path: path, reason: "PGM size \(width)x\(height) is out of range")
        }
        guard (1...255).contains(maxval) else {
            throw .replayMalformed(path: path, reason: "16-bit PGM (maxval \(maxval)) is not supported; use 8-bit")
        }
        guard scanner.position < bytes.count, scanner.isWhitespace(bytes[scanner.position]) else {
            throw .replayMalformed(path: path, reason: "the PGM header does not end with whitespace")
        }
        let offset = scanner.position + 1
        let needed = width * height
        guard bytes.count - offset >= needed else {
            throw .replayMalformed(
                path: path,
                reason: "truncated: \(bytes.count - offset) bytes of pixels, \(width)x\(height) needs \(needed)"
            )
        }
        return PGMHeader(size: FrameSize(width: width, height: height), pixelOffset: offset)
    }

    /// A Y4M file's stream header and the byte offset of each frame's luma plane.
    struct Y4MIndex: Equatable {
        var size: FrameSize
        /// Frames per second from the `F` parameter (`nil` when absent).
        var frameRate: Double?
        var lumaOffsets: [Int]
    }

    /// Parses a Y4M stream header and indexes every frame; mono and 4:2:0 only (the luma plane is read).
    static func indexY4M(_ bytes: UnsafeRawBufferPointer, path: String) throws(CaptureError) -> Y4MIndex {
        let magic = Array("YUV4MPEG2 ".utf8)
        guard bytes.count > magic.count, zip(bytes, magic).allSatisfy({ $0 == $1 }) else {
            throw .replayMalformed(path: path, reason: "not a Y4M file (it does not start with \"YUV4MPEG2 \")")
        }
        guard let end = bytes[magic.count...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw .replayMalformed(path: path, reason: "the Y4M stream header has no end of line")
        }
        var width = 0, height = 0
        var frameRate: Double?
        var colour = "420jpeg"
        let header = String(decoding: bytes[magic.count..<end], as: UTF8.self)
        for parameter in header.split(separator: " ") {
            let value = parameter.dropFirst()
            switch parameter.first {
            case "W": width = Int(value) ?? 0
            case "H": height = Int(value) ?? 0
            case "C": colour = String(value)
            case "F":
                let parts = value.split(separator: ":").compactMap { Double($0) }
                if parts.count == 2, parts[0] > 0, parts[1] > 0 { frameRate = parts[0] / parts[1] }
            default: break
            }
        }
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw .replayMalformed(path: path, reason: "the Y4M header gives no valid size (W\(width) H\(height))")
        }
        let chroma: Int
        switch colour {
        case "mono": chroma = 0
        case "420", "420jpeg", "420paldv", "420mpeg2": chroma = 2 * ((width + 1) / 2) * ((height + 1) / 2)
        default:
            throw .replayMalformed(path: path, reason: "colour space C\(colour) is not supported; use mono or 4:2:0")
        }
        let frameBytes = width * height + chroma
        var offsets: [Int] = []
        var position = end + 1
        while position < bytes.count {
            let frameMagic = Array("FRAME".utf8)
            guard bytes.count - position >= frameMagic.count,
                zip(bytes[position...], frameMagic).allSatisfy({ $0 == $1 })
            else {
                throw .replayMalformed(path: path, reason: "frame \(offsets.count) does not start with \"FRAME\"")
            }
            guard let lineEnd = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else {
                throw .replayMalformed(path: path, reason: "frame \(offsets.count)'s header has no end of line")
            }
            guard bytes.count - (lineEnd + 1) >= frameBytes else {
                throw .replayMalformed(
                    path: path,
                    reason:
                        "truncated inside frame \(offsets.count): \(bytes.count - lineEnd - 1) of \(frameBytes) bytes"
                )
            }
            offsets.append(lineEnd + 1)
            position = lineEnd + 1 + frameBytes
        }
        guard !offsets.isEmpty else { throw .replayMalformed(path: path, reason: "the Y4M file holds no frames") }
        return Y4MIndex(size: FrameSize(width: width, height: height), frameRate: frameRate, lumaOffsets: offsets)
    }

    /// Reads PGM header tokens: whitespace and `#` comments between decimal numbers.
    private struct HeaderScanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

        mutating func number() -> Int? {
            while position < bytes.count {
                if isWhitespace(bytes[position]) {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                } else {
                    break
                }
            }
            var value = 0
            var digits = 0
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]), digits < 9
            {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                position += 1
                digits += 1
            }
            return digits > 0 ? value : nil
        }
    }
}
