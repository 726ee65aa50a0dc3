/// A growing sequence of bits, most significant bit of each byte first, as QR data streams are.
struct BitBuffer: Hashable, Sendable {
    /// The bits packed into bytes; the last byte's unused low bits are 0.
    private(set) var bytes: [UInt8] = []
    /// Number of bits appended.
    private(set) var count = 0

    init() {}

    /// Appends the `width` low bits of `value`, most significant first.
    mutating func append(_ value: UInt32, width: Int) {
        precondition((0...32).contains(width), "bit field of width \(width)")
        precondition(width == 32 || value >> UInt32(width) == 0, "value \(value) does not fit \(width) bits")
        for shift in stride(from: width - 1, through: 0, by: -1) {
            appendBit(value >> UInt32(shift) & 1 == 1)
        }
    }

    /// Appends one bit.
    mutating func appendBit(_ bit: Bool) {
        if count % 8 == 0 { bytes.append(0) }
        if bit { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
        count += 1
    }

    /// The bit at `index` (0 is the first appended).
    subscript(index: Int) -> Bool { bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0 }
}
