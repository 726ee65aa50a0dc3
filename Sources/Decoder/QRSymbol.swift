/// A decoded QR symbol: its payload and how it was encoded.
///
/// Produced by ``QRGridDecoder`` only after every Reed-Solomon block corrected and the segment
/// stream parsed exactly, terminator and padding included.
public struct QRSymbol: Hashable, Sendable {
    /// The payload: the data bytes of all segments, concatenated.
    ///
    /// Numeric and alphanumeric segments contribute their characters in ASCII, byte segments
    /// their bytes, Kanji segments the two Shift JIS bytes of each character.
    public let payload: [UInt8]
    /// The payload as text, or `nil` when some part is not text in its character set (see
    /// ``segments`` for the ECI in effect) or names an ECI this decoder does not know.
    ///
    /// Byte segments under no ECI are read as UTF-8 when they are valid UTF-8, else as
    /// ISO-8859-1 (the standard's default). ECI 1 and 3 are ISO-8859-1, 20 is Shift JIS,
    /// 26 is UTF-8 and 27 is US-ASCII.
    public let text: String?
    /// The symbol's version.
    public let version: QRVersion
    /// The symbol's error-correction level.
    public let level: ErrorCorrectionLevel
    /// The data mask the symbol was drawn with.
    public let mask: QRMask
    /// Whether the grid was read transposed (a symbol seen in a mirror or from behind).
    public let mirrored: Bool
    /// The data segments in stream order.
    public let segments: [Segment]
    /// The structured append header, when the symbol is one of a sequence.
    public let structuredAppend: StructuredAppend?
    /// The first ECI designator in the stream, or `nil` when there is none.
    public let eci: Int?
    /// Codewords the Reed-Solomon decoder changed, over all blocks: a measure of damage.
    public let correctedCodewords: Int
    /// The FNC1 mode the stream opens with, or `nil` for a plain symbol.
    public let fnc1: FNC1?
    /// Whether the symbol is a QR Code Model 1 symbol (the 1994 original) rather than Model 2.
    public internal(set) var isModel1 = false

    /// What an FNC1 mode indicator at the start of the stream says about the data (ISO/IEC
    /// 18004 7.4.8): in an alphanumeric segment of such a symbol `%` stands for FNC1, which
    /// the payload carries as GS (0x1D) between variable-length fields, and `%%` for `%`.
    public enum FNC1: Hashable, Sendable {
        /// FNC1 in first position: GS1 application identifiers and their data (symbology
        /// identifier `]Q3`).
        case gs1
        /// FNC1 in second position: data formatted for an industry application named by its
        /// AIM application indicator, `00`-`99` or a letter's ASCII value + 100 (`]Q5`).
        case application(indicator: Int)
    }

    /// One data segment of the stream.
    public struct Segment: Hashable, Sendable {
        /// How a segment encodes its characters.
        public enum Mode: Hashable, Sendable {
            /// Digits 0-9, three per 10 bits.
            case numeric
            /// Digits, upper-case letters and ` $%*+-./:`, two per 11 bits.
            case alphanumeric
            /// Bytes, 8 bits each.
            case byte
            /// Shift JIS double-byte characters, 13 bits each.
            case kanji
            /// GB 2312 double-byte characters, 13 bits each (GB/T 18284's Hanzi mode, read
            /// only). The bytes are GB 2312; the symbol has no ``QRSymbol/text`` for them.
            case hanzi
        }

        /// The segment's mode.
        public let mode: Mode
        /// The segment's data bytes, as they appear in ``QRSymbol/payload``.
        public let bytes: [UInt8]
        /// The ECI designator in effect for this segment, or `nil` for the default.
        public let eci: Int?

        /// Characters in the segment, as its character count indicator says.
        public var characterCount: Int { mode == .kanji || mode == .hanzi ? bytes.count / 2 : bytes.count }
    }

    /// The structured append header: this symbol's place in a sequence of up to 16.
    public struct StructuredAppend: Hashable, Sendable {
        /// This symbol's position, from 0.
        public let index: Int
        /// How many symbols the sequence has, 1 to 16.
        public let count: Int
        /// The XOR of all bytes of the whole sequence's payload, the same in every symbol.
        public let parity: UInt8
    }
}
