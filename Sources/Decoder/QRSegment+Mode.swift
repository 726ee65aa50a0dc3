extension QRSegment {
    /// A segment mode; the raw value is its 4-bit mode indicator (ISO/IEC 18004 table 2).
    ///
    /// Structured append (0011) is not a segment mode here: it is a header, ``StructuredAppend``.
    public enum Mode: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
        /// Digits 0-9, three in 10 bits.
        case numeric = 0b0001
        /// Digits, A-Z, space and `$ % * + - . / :`, two in 11 bits.
        case alphanumeric = 0b0010
        /// Bytes, 8 bits each.
        case byte = 0b0100
        /// Shift JIS double-byte characters, 13 bits each.
        case kanji = 0b1000
        /// An ECI designator.
        case eci = 0b0111

        /// The mode's name in lower case, as messages and fixtures spell it.
        public var description: String {
            switch self {
            case .numeric: "numeric"
            case .alphanumeric: "alphanumeric"
            case .byte: "byte"
            case .kanji: "kanji"
            case .eci: "eci"
            }
        }

        /// Width of the character count indicator in a symbol of `version` (ISO/IEC 18004 table 3).
        ///
        /// The width grows in three steps: versions 1-9, 10-26 and 27-40. ECI has no count.
        ///
        /// - Parameter version: The symbol's version.
        /// - Returns: The width in bits.
        public func characterCountBits(in version: QRVersion) -> Int {
            characterCountBits(inRange: Mode.versionRange(of: version))
        }

        /// The width for a version range: 0 for 1-9, 1 for 10-26, 2 for 27-40.
        func characterCountBits(inRange range: Int) -> Int {
            switch self {
            case .numeric: [10, 12, 14][range]
            case .alphanumeric: [9, 11, 13][range]
            case .byte: [8, 16, 16][range]
            case .kanji: [8, 10, 12][range]
            case .eci: 0
            }
        }

        /// The version range a version belongs to: 0 for 1-9, 1 for 10-26, 2 for 27-40.
        static func versionRange(of version: QRVersion) -> Int {
            switch version.rawValue {
            case ..<10: 0
            case ..<27: 1
            default: 2
            }
        }
    }
}
