/// How the encoder turns text into bytes for the byte segments, and which ECI it announces.
///
/// Characters that fit numeric, alphanumeric or Kanji mode may still go in those modes; this
/// choice only decides the bytes of the rest.
public enum QRTextEncoding: Hashable, Sendable, CustomStringConvertible {
    /// UTF-8 without an ECI: what phones and most readers assume for non-Latin-1 bytes today.
    case utf8
    /// UTF-8 announced by ECI 26, for readers that follow the standard's ISO-8859-1 default.
    case utf8WithECI
    /// ISO-8859-1 announced by ECI 3; characters above U+00FF cannot be encoded.
    case iso8859_1WithECI
    /// Shift JIS announced by ECI 20; only characters Shift JIS has can be encoded.
    case shiftJISWithECI

    /// The ECI written before the data, if any.
    public var eci: ECIDesignator? {
        switch self {
        case .utf8: nil
        case .utf8WithECI: .utf8
        case .iso8859_1WithECI: .iso8859_1
        case .shiftJISWithECI: .shiftJIS
        }
    }

    /// The encoding's name, such as `UTF-8 (ECI 26)`.
    public var description: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8WithECI: "UTF-8 (ECI 26)"
        case .iso8859_1WithECI: "ISO-8859-1 (ECI 3)"
        case .shiftJISWithECI: "Shift_JIS (ECI 20)"
        }
    }

    /// The bytes of one character, or `nil` when the encoding has none for it.
    func bytes(of scalar: Unicode.Scalar) -> [UInt8]? {
        switch self {
        case .utf8, .utf8WithECI:
            return Array(String(scalar).utf8)
        case .iso8859_1WithECI:
            return scalar.value <= 0xFF ? [UInt8(scalar.value)] : nil
        case .shiftJISWithECI:
            // Python's shift_jis codec, which made the table, keeps 0x5C and 0x7E as ASCII.
            if scalar.value < 0x80 { return [UInt8(scalar.value)] }
            if (0xFF61...0xFF9F).contains(scalar.value) { return [UInt8(scalar.value - 0xFF61 + 0xA1)] }
            guard let code = ShiftJIS.code(for: scalar) else { return nil }
            return [UInt8(code >> 8), UInt8(code & 0xFF)]
        }
    }
}
