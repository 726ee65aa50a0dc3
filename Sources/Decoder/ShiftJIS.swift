/// Conversion between Unicode and the double-byte (JIS X 0208) codes of Shift JIS.
///
/// QR Kanji mode stores these codes in 13 bits each, and byte segments under ECI 20 carry
/// Shift JIS text. Single-byte codes (ASCII-like and half-width katakana) are handled by callers.
enum ShiftJIS {
    static let leadBytes: [UInt8] = Array(0x81...0x9F) + Array(0xE0...0xEB)
    static let trailsPerLead = 188

    /// Scalars indexed by `tableIndex(of:)`; U+0000 where a code is unassigned.
    static let scalars: [Unicode.Scalar] = Array(shiftJISDoubleByteCharacters.unicodeScalars)

    /// The double-byte code of each assigned scalar.
    static let codes: [Unicode.Scalar: UInt16] = {
        var result: [Unicode.Scalar: UInt16] = [:]
        result.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() where scalar.value != 0 {
            let lead = UInt16(leadBytes[index / trailsPerLead])
            var trail = UInt16(0x40 + index % trailsPerLead)
            if trail >= 0x7F { trail += 1 }
            result[scalar] = lead << 8 | trail
        }
        return result
    }()

    static func tableIndex(of code: UInt16) -> Int? {
        let lead = UInt8(code >> 8)
        let trail = UInt8(code & 0xFF)
        let leadIndex: Int
        switch lead {
        case 0x81...0x9F: leadIndex = Int(lead) - 0x81
        case 0xE0...0xEB: leadIndex = Int(lead) - 0xE0 + 31
        default: return nil
        }
        switch trail {
        case 0x40...0x7E: return leadIndex * trailsPerLead + Int(trail) - 0x40
        case 0x80...0xFC: return leadIndex * trailsPerLead + Int(trail) - 0x41
        default: return nil
        }
    }

    /// The character of a double-byte code, or `nil` when the code is unassigned or out of range.
    static func scalar(forCode code: UInt16) -> Unicode.Scalar? {
        guard let index = tableIndex(of: code) else { return nil }
        let scalar = scalars[index]
        return scalar.value == 0 ? nil : scalar
    }

    /// The double-byte code of a character, or `nil` when Shift JIS has no double-byte code for it.
    static func code(for scalar: Unicode.Scalar) -> UInt16? { codes[scalar] }
}
