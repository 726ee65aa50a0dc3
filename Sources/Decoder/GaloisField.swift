/// Arithmetic in GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), generator 2.
///
/// Shared by the Reed-Solomon encoder and decoder. The tables are immutable and built once.
enum GaloisField {
    /// `exp[i]` = 2^i, doubled in length so `exp[log a + log b]` needs no reduction.
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        for i in 255..<512 { table[i] = table[i - 255] }
        return table
    }()

    /// `log[a]` for a != 0; `log[0]` is unused.
    static let log: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exp[i])] = UInt8(i) }
        return table
    }()

    @inline(__always)
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[Int(log[Int(a)]) + Int(log[Int(b)])]
    }

    @inline(__always)
    static func divide(_ a: UInt8, _ b: UInt8) -> UInt8 {
        precondition(b != 0, "division by zero in GF(256)")
        if a == 0 { return 0 }
        return exp[Int(log[Int(a)]) + 255 - Int(log[Int(b)])]
    }

    /// 2^power for any non-negative power.
    @inline(__always)
    static func power(_ power: Int) -> UInt8 { exp[power % 255] }

    @inline(__always)
    static func inverse(_ a: UInt8) -> UInt8 {
        precondition(a != 0, "zero has no inverse in GF(256)")
        return exp[255 - Int(log[Int(a)])]
    }
}
