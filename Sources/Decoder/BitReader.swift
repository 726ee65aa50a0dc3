/// Reads big-endian bit fields from data codewords, most significant bit first.
struct BitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Bits read so far.
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Bits left to read.
    var remaining: Int { bytes.count * 8 - position }

    /// Reads `count` bits (0 to 24) as an unsigned number.
    ///
    /// - Precondition: `count <= remaining`; callers check so they can name the overflow.
    mutating func read(_ count: Int) -> Int {
        precondition(count >= 0 && count <= 24 && count <= remaining, "bit read of \(count) past the data")
        var value = 0
        for _ in 0..<count {
            let byte = Int(bytes[position >> 3])
            value = value << 1 | (byte >> (7 - position & 7)) & 1
            position += 1
        }
        return value
    }
}
