extension GrayImage {
    /// The largest side we accept, so a hostile header cannot make us allocate gigabytes.
    static let maximumSide = 16_384

    /// Reads a PGM image: binary (P5) or plain (P2), maximum value up to 65535 (scaled to 8 bits).
    ///
    /// - Parameter bytes: The whole file.
    /// - Throws: ``PGMFormatError`` naming what was wrong; nothing is partly read.
    public init(pgm bytes: [UInt8]) throws(PGMFormatError) {
        var reader = PGMHeaderReader(bytes: bytes)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "5") || bytes[1] == UInt8(ascii: "2")
        else { throw .notAGraymap }
        let binary = bytes[1] == UInt8(ascii: "5")
        reader.position = 2
        guard let width = reader.nextNumber() else { throw .malformedHeader(field: "width") }
        guard let height = reader.nextNumber() else { throw .malformedHeader(field: "height") }
        guard let maxValue = reader.nextNumber() else { throw .malformedHeader(field: "maximum value") }
        guard (1...GrayImage.maximumSide).contains(width), (1...GrayImage.maximumSide).contains(height) else {
            throw .unsupported("size \(width)x\(height) (each side must be 1 to \(GrayImage.maximumSide))")
        }
        guard (1...65_535).contains(maxValue) else { throw .unsupported("maximum value \(maxValue)") }
        let count = width * height
        var pixels = [UInt8](repeating: 0, count: count)
        func scaled(_ value: Int) -> UInt8 { UInt8(min(value, maxValue) * 255 / maxValue) }
        if binary {
            reader.position += 1  // exactly one whitespace byte ends the header
            let bytesPerSample = maxValue > 255 ? 2 : 1
            let available = max(0, bytes.count - reader.position) / bytesPerSample
            guard available >= count else { throw .truncated(expected: count, found: available) }
            for i in 0..<count {
                let at = reader.position + i * bytesPerSample
                let value = bytesPerSample == 1 ? Int(bytes[at]) : Int(bytes[at]) << 8 | Int(bytes[at + 1])
                pixels[i] = scaled(value)
            }
        } else {
            for i in 0..<count {
                guard let value = reader.nextNumber() else { throw .truncated(expected: count, found: i) }
                pixels[i] = scaled(value)
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}

/// Reads the whitespace-separated numbers of a PNM header, skipping `#` comments.
private struct PGMHeaderReader {
    let bytes: [UInt8]
    var position = 0

    mutating func nextNumber() -> Int? {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "#") {
                while position < bytes.count && bytes[position] != UInt8(ascii: "\n") { position += 1 }
            } else if byte == 0x20 || (0x09...0x0D).contains(byte) {
                position += 1
            } else {
                break
            }
        }
        var value = 0
        var digits = 0
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            digits += 1
            position += 1
            if digits > 9 { return nil }
        }
        return digits > 0 ? value : nil
    }
}
