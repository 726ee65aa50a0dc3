/// One segment of a QR symbol's data: a run of characters in one mode, or an ECI designator.
///
/// The encoder writes a sequence of segments; the grid decoder reads one back. Numeric and
/// alphanumeric segments hold their characters as ASCII codes, byte segments their bytes
/// (interpreted by the ECI in force, ISO-8859-1 by default), Kanji segments the two bytes of
/// each Shift JIS double-byte code, most significant first. The public initialisers check
/// that the characters belong to the mode.
public struct QRSegment: Hashable, Sendable {
    /// The segment's mode.
    public let mode: Mode
    /// The segment's content: ASCII characters, bytes, or Shift JIS code pairs; empty for ECI.
    public let data: [UInt8]
    /// The designator of an ECI segment; `nil` for every other mode.
    public let eci: ECIDesignator?

    /// Creates a segment without checking its content, for the encoder's and decoder's own use.
    init(mode: Mode, data: [UInt8], eci: ECIDesignator? = nil) {
        self.mode = mode
        self.data = data
        self.eci = eci
    }

    /// Creates a numeric segment (three digits in 10 bits).
    ///
    /// - Parameter digits: Characters `0` to `9` only.
    /// - Throws: ``QREncodeError/notInMode(_:index:mode:)`` naming the first other character.
    public init(numeric digits: String) throws(QREncodeError) {
        var data: [UInt8] = []
        for (index, scalar) in digits.unicodeScalars.enumerated() {
            guard QRSegment.isNumeric(scalar) else { throw .notInMode(scalar, index: index, mode: .numeric) }
            data.append(UInt8(scalar.value))
        }
        self.init(mode: .numeric, data: data)
    }

    /// Creates an alphanumeric segment (two characters in 11 bits).
    ///
    /// - Parameter text: Digits, upper-case `A` to `Z`, space and `$ % * + - . / :` only.
    /// - Throws: ``QREncodeError/notInMode(_:index:mode:)`` naming the first other character.
    public init(alphanumeric text: String) throws(QREncodeError) {
        var data: [UInt8] = []
        for (index, scalar) in text.unicodeScalars.enumerated() {
            guard QRSegment.alphanumericValue(scalar) != nil else {
                throw .notInMode(scalar, index: index, mode: .alphanumeric)
            }
            data.append(UInt8(scalar.value))
        }
        self.init(mode: .alphanumeric, data: data)
    }

    /// Creates a byte segment (8 bits per byte).
    ///
    /// - Parameter bytes: Any bytes; their meaning is set by the ECI in force.
    public init(bytes: [UInt8]) {
        self.init(mode: .byte, data: bytes)
    }

    /// Creates a Kanji segment from text (13 bits per character).
    ///
    /// - Parameter text: Characters whose Shift JIS double-byte code lies in 0x8140-0x9FFC or
    ///   0xE040-0xEBBF, the two ranges Kanji mode can carry.
    /// - Throws: ``QREncodeError/notInMode(_:index:mode:)`` naming the first other character.
    public init(kanji text: String) throws(QREncodeError) {
        var data: [UInt8] = []
        for (index, scalar) in text.unicodeScalars.enumerated() {
            guard let code = ShiftJIS.code(for: scalar), QRSegment.isKanjiCode(code) else {
                throw .notInMode(scalar, index: index, mode: .kanji)
            }
            data.append(UInt8(code >> 8))
            data.append(UInt8(code & 0xFF))
        }
        self.init(mode: .kanji, data: data)
    }

    /// Creates a Kanji segment from Shift JIS double-byte codes.
    ///
    /// - Parameter kanjiCodes: Codes in 0x8140-0x9FFC or 0xE040-0xEBBF with a trail byte of
    ///   0x40-0xFC other than 0x7F.
    /// - Throws: ``QREncodeError/invalidKanjiCode(_:index:)`` naming the first other code.
    public init(kanjiCodes: [UInt16]) throws(QREncodeError) {
        var data: [UInt8] = []
        for (index, code) in kanjiCodes.enumerated() {
            guard QRSegment.isKanjiCode(code) else { throw .invalidKanjiCode(code, index: index) }
            data.append(UInt8(code >> 8))
            data.append(UInt8(code & 0xFF))
        }
        self.init(mode: .kanji, data: data)
    }

    /// Creates an ECI segment, which changes how the byte segments after it are read.
    ///
    /// - Parameter eci: The assignment number.
    public init(eci: ECIDesignator) {
        self.init(mode: .eci, data: [], eci: eci)
    }

    /// Characters in the segment, as its character count indicator states them.
    ///
    /// Digits, alphanumeric characters, bytes or Kanji characters; 0 for an ECI segment.
    public var characterCount: Int { mode == .kanji ? data.count / 2 : data.count }

    /// The Shift JIS double-byte codes of a Kanji segment; empty for other modes.
    public var kanjiCodes: [UInt16] {
        guard mode == .kanji else { return [] }
        return stride(from: 0, to: data.count - 1, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) }
    }

    /// The characters of a numeric, alphanumeric or Kanji segment.
    ///
    /// `nil` for byte segments, whose text depends on the ECI in force, for ECI segments, and
    /// for Kanji codes that JIS X 0208 leaves unassigned.
    public var text: String? {
        switch mode {
        case .numeric, .alphanumeric:
            return String(decoding: data, as: Unicode.ASCII.self)
        case .kanji:
            var result = String.UnicodeScalarView()
            for code in kanjiCodes {
                guard let scalar = ShiftJIS.scalar(forCode: code) else { return nil }
                result.append(scalar)
            }
            return String(result)
        case .byte, .eci:
            return nil
        }
    }

    /// Bits the segment takes in a symbol of `version`: mode indicator, count and data.
    ///
    /// - Parameter version: The symbol's version, which sets the width of the character count.
    /// - Returns: The length in bits.
    public func bitLength(in version: QRVersion) -> Int {
        4 + mode.characterCountBits(in: version) + QRSegment.dataBits(mode, count: characterCount, eci: eci)
    }

    /// Bits of a segment's data part alone: everything after the character count indicator.
    static func dataBits(_ mode: Mode, count: Int, eci: ECIDesignator?) -> Int {
        switch mode {
        case .numeric: 10 * (count / 3) + [0, 4, 7][count % 3]
        case .alphanumeric: 11 * (count / 2) + 6 * (count % 2)
        case .byte: 8 * count
        case .kanji: 13 * count
        case .eci: eci?.encoded.bitCount ?? 8
        }
    }

    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    /// The value of an alphanumeric-mode character (0-44), or `nil` when the mode lacks it.
    static func alphanumericValue(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.isASCII else { return nil }
        return alphanumericValues[Int(scalar.value)]
    }

    static let alphanumericCharacters: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    private static let alphanumericValues: [Int?] = {
        var table = [Int?](repeating: nil, count: 128)
        for (value, character) in alphanumericCharacters.enumerated() { table[Int(character)] = value }
        return table
    }()

    /// Whether a double-byte code lies in the ranges Kanji mode can carry, with a valid trail byte.
    static func isKanjiCode(_ code: UInt16) -> Bool {
        let trail = code & 0xFF
        guard (0x40...0xFC).contains(trail), trail != 0x7F else { return false }
        return (0x8140...0x9FFC).contains(code) || (0xE040...0xEBBF).contains(code)
    }
}
