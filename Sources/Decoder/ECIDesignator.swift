/// An Extended Channel Interpretation assignment number (ISO/IEC 18004 7.4.2, AIM ECI).
///
/// An ECI segment tells the reader how to interpret the bytes of the byte segments that follow
/// it, for example as UTF-8 (26) rather than the default ISO-8859-1. The standard allows
/// assignment numbers 0 through 999999, written in one, two or three bytes.
public struct ECIDesignator: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The assignment number, 0 through 999999.
    public let rawValue: UInt32

    /// Creates a designator from its assignment number.
    ///
    /// Fails when the number exceeds 999999, the largest the standard can write.
    ///
    /// - Parameter rawValue: The assignment number.
    public init?(rawValue: UInt32) {
        guard rawValue <= ECIDesignator.largest else { return nil }
        self.rawValue = rawValue
    }

    /// The largest assignment number the three-byte form can carry.
    public static let largest: UInt32 = 999_999

    /// ISO/IEC 8859-1 (Latin-1), the interpretation of byte segments without an ECI.
    public static let iso8859_1 = ECIDesignator(unchecked: 3)
    /// Shift JIS (JIS X 0208 double-byte codes with JIS X 0201 single bytes).
    public static let shiftJIS = ECIDesignator(unchecked: 20)
    /// UTF-8.
    public static let utf8 = ECIDesignator(unchecked: 26)

    init(unchecked rawValue: UInt32) {
        precondition(rawValue <= ECIDesignator.largest, "ECI \(rawValue) above 999999")
        self.rawValue = rawValue
    }

    /// The number as ECI specifications print it, such as `ECI 000026`.
    public var description: String {
        let digits = String(rawValue)
        return "ECI " + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// The designator as written after the ECI mode indicator: 8, 16 or 24 bits.
    ///
    /// Numbers below 128 take one byte `0xxxxxxx`, below 16384 two bytes `10xxxxxx xxxxxxxx`,
    /// the rest three bytes `110xxxxx xxxxxxxx xxxxxxxx` (ISO/IEC 18004 table 4).
    var encoded: (value: UInt32, bitCount: Int) {
        switch rawValue {
        case 0..<128: (rawValue, 8)
        case 128..<16384: (0b10 << 14 | rawValue, 16)
        default: (0b110 << 21 | rawValue, 24)
        }
    }
}
