/// The parsed content of a symbol's data codewords (ISO/IEC 18004 7.4).
///
/// Parsing is exact: every segment must fit, every character value must be in range, and after
/// the last segment come a terminator (or the end of the data, or fewer than 4 zero bits where a
/// terminator does not fit), zero bits to the codeword boundary and pad codewords alternating
/// 0xEC and 0x11. Anything else is an error, so a miscorrected block rarely passes as a payload.
/// The pad codewords' values are the one exception the caller may waive (`exactPadding`): some
/// encoders write other bytes there, and a symbol read without a single correction is no
/// miscorrection.
struct SegmentStream {
    /// The data segments in order.
    var segments: [QRSymbol.Segment] = []
    /// The structured append header, if the stream starts with one.
    var structuredAppend: QRSymbol.StructuredAppend?
    /// The first ECI designator, if any.
    var firstECI: Int?
    /// The FNC1 mode the stream opens with, if any.
    var fnc1: QRSymbol.FNC1?

    /// The 45 characters of alphanumeric mode, in value order.
    static let alphanumeric: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    /// Parses data codewords.
    ///
    /// - Parameters:
    ///   - data: The data codewords, after error correction, in block order.
    ///   - version: The symbol's version, which sets the character count indicators' widths.
    ///   - exactPadding: Whether the codewords after the terminator must be the standard pads;
    ///     `false` accepts any (the terminator and its fill bits are checked either way).
    ///   - model1: Whether the data is a Model 1 symbol's: its first 4 bits are skipped and ECI
    ///     designators are errors.
    /// - Returns: The segments and headers.
    /// - Throws: The ``QRDecodeError`` case naming what is wrong and where.
    static func parse(
        _ data: UnsafeBufferPointer<UInt8>,
        version: QRVersion,
        exactPadding: Bool = true,
        model1: Bool = false
    ) throws(QRDecodeError) -> SegmentStream {
        let sizeClass = version.rawValue <= 9 ? 0 : version.rawValue <= 26 ? 1 : 2
        var stream = SegmentStream()
        var reader = BitReader(data)
        let origin = model1 ? 4 : 0
        if model1 {
            guard reader.remaining >= origin else { throw .segmentOverflow(bitOffset: 0) }
            _ = reader.read(origin)
        }
        var eci: Int?
        while true {
            let start = reader.position
            if reader.remaining < 4 {
                // No room for a full terminator: the last bits must be zero.
                guard reader.read(reader.remaining) == 0 else { throw .terminator(bitOffset: start) }
                return stream
            }
            let indicator = reader.read(4)
            switch indicator {
            case 0b0000:
                let fill = (8 - reader.position % 8) % 8
                guard reader.read(fill) == 0 else { throw .terminator(bitOffset: start) }
                guard exactPadding else { return stream }
                var firstPad = reader.position / 8
                // segno (heuer/segno issues #123 and #148) writes a whole zero codeword when the
                // terminator ends on a codeword boundary; our encoder matches segno bit for bit,
                // so that one zero codeword is accepted there, and nowhere else.
                if fill == 0, firstPad < data.count, data[firstPad] == 0 { firstPad += 1 }
                var expected: UInt8 = 0xEC
                for index in firstPad..<data.count {
                    guard data[index] == expected else { throw .padding(codeword: index) }
                    expected ^= 0xEC ^ 0x11
                }
                return stream
            case 0b0001:
                let count = try readCount(&reader, bits: 10 + 2 * sizeClass, start: start)
                let needed = 10 * (count / 3) + (count % 3 == 0 ? 0 : 3 * (count % 3) + 1)
                guard needed <= reader.remaining else { throw .segmentOverflow(bitOffset: start) }
                var bytes: [UInt8] = []
                bytes.reserveCapacity(count)
                var left = count
                while left > 0 {
                    let digits = min(left, 3)
                    let at = reader.position
                    var value = reader.read(3 * digits + 1)
                    guard value < (digits == 3 ? 1000 : digits == 2 ? 100 : 10) else {
                        throw .invalidCharacter(bitOffset: at)
                    }
                    var group: (UInt8, UInt8, UInt8) = (0, 0, 0)
                    for position in stride(from: digits - 1, through: 0, by: -1) {
                        let digit = UInt8(ascii: "0") + UInt8(value % 10)
                        value /= 10
                        switch position {
                        case 0: group.0 = digit
                        case 1: group.1 = digit
                        default: group.2 = digit
                        }
                    }
                    bytes.append(group.0)
                    if digits > 1 { bytes.append(group.1) }
                    if digits > 2 { bytes.append(group.2) }
                    left -= digits
                }
                stream.segments.append(QRSymbol.Segment(mode: .numeric, bytes: bytes, eci: eci))
            case 0b0010:
                let count = try readCount(&reader, bits: 9 + 2 * sizeClass, start: start)
                let needed = 11 * (count / 2) + 6 * (count % 2)
                guard needed <= reader.remaining else { throw .segmentOverflow(bitOffset: start) }
                var bytes: [UInt8] = []
                bytes.reserveCapacity(count)
                var left = count
                while left > 0 {
                    let at = reader.position
                    if left >= 2 {
                        let value = reader.read(11)
                        guard value < 45 * 45 else { throw .invalidCharacter(bitOffset: at) }
                        bytes.append(alphanumeric[value / 45])
                        bytes.append(alphanumeric[value % 45])
                        left -= 2
                    } else {
                        let value = reader.read(6)
                        guard value < 45 else { throw .invalidCharacter(bitOffset: at) }
                        bytes.append(alphanumeric[value])
                        left -= 1
                    }
                }
                if stream.fnc1 != nil { bytes = fnc1Separators(bytes) }
                stream.segments.append(QRSymbol.Segment(mode: .alphanumeric, bytes: bytes, eci: eci))
            case 0b0100:
                let count = try readCount(&reader, bits: sizeClass == 0 ? 8 : 16, start: start)
                guard 8 * count <= reader.remaining else { throw .segmentOverflow(bitOffset: start) }
                var bytes: [UInt8] = []
                bytes.reserveCapacity(count)
                for _ in 0..<count { bytes.append(UInt8(reader.read(8))) }
                stream.segments.append(QRSymbol.Segment(mode: .byte, bytes: bytes, eci: eci))
            case 0b1000:
                let count = try readCount(&reader, bits: 8 + 2 * sizeClass, start: start)
                let bytes = try doubleByteCharacters(&reader, count: count, start: start) { value in
                    var code = (value / 0xC0) << 8 | value % 0xC0
                    code += code < 0x1F00 ? 0x8140 : 0xC140
                    return code <= 0xFFFF && ShiftJIS.tableIndex(of: UInt16(code)) != nil ? code : nil
                }
                stream.segments.append(QRSymbol.Segment(mode: .kanji, bytes: bytes, eci: eci))
            case 0b1101:
                // GB/T 18284's Hanzi mode (Chinese symbols): a 4-bit subset, 1 for GB 2312, then
                // 13 bits a character as Kanji mode packs Shift JIS.
                guard reader.remaining >= 4 else { throw .segmentOverflow(bitOffset: start) }
                guard reader.read(4) == 1 else { throw .unsupportedMode(indicator: UInt8(indicator), bitOffset: start) }
                let count = try readCount(&reader, bits: 8 + 2 * sizeClass, start: start)
                let bytes = try doubleByteCharacters(&reader, count: count, start: start) { value in
                    var code = (value / 0x60) << 8 | value % 0x60
                    code += code < 0x0A00 ? 0xA1A1 : 0xA6A1
                    // GB 2312 rows and cells are 0xA1-0xFE.
                    return (0xA1...0xFE).contains(code >> 8) && (0xA1...0xFE).contains(code & 0xFF) ? code : nil
                }
                stream.segments.append(QRSymbol.Segment(mode: .hanzi, bytes: bytes, eci: eci))
            case 0b0111:
                guard !model1 else { throw .unknownMode(indicator: UInt8(indicator), bitOffset: start) }
                guard reader.remaining >= 8 else { throw .segmentOverflow(bitOffset: start) }
                let first = reader.read(8)
                let value: Int
                if first & 0x80 == 0 {
                    value = first
                } else if first & 0xC0 == 0x80 {
                    guard reader.remaining >= 8 else { throw .segmentOverflow(bitOffset: start) }
                    value = (first & 0x3F) << 8 | reader.read(8)
                } else if first & 0xE0 == 0xC0 {
                    guard reader.remaining >= 16 else { throw .segmentOverflow(bitOffset: start) }
                    value = (first & 0x1F) << 16 | reader.read(16)
                } else {
                    throw .invalidECI(bitOffset: start)
                }
                guard value <= 999_999 else { throw .invalidECI(bitOffset: start) }
                eci = value
                if stream.firstECI == nil { stream.firstECI = value }
            case 0b0011:
                guard start == origin else { throw .invalidStructuredAppend(bitOffset: start) }
                guard reader.remaining >= 16 else { throw .segmentOverflow(bitOffset: start) }
                let index = reader.read(4)
                let count = reader.read(4) + 1
                let parity = UInt8(reader.read(8))
                guard index < count else { throw .invalidStructuredAppend(bitOffset: start) }
                stream.structuredAppend = QRSymbol.StructuredAppend(index: index, count: count, parity: parity)
            case 0b0101, 0b1001:
                // FNC1 heads the data: after a structured append header or an ECI at most,
                // never between segments, and only once.
                guard stream.segments.isEmpty && stream.fnc1 == nil else {
                    throw .unsupportedMode(indicator: UInt8(indicator), bitOffset: start)
                }
                if indicator == 0b0101 {
                    stream.fnc1 = .gs1
                } else {
                    guard reader.remaining >= 8 else { throw .segmentOverflow(bitOffset: start) }
                    let at = reader.position
                    let application = reader.read(8)
                    // Two digits as 0-99, or a letter as its ASCII value + 100.
                    let letter = application - 100
                    guard
                        application < 100 || (65...90).contains(letter) || (97...122).contains(letter)
                    else { throw .invalidCharacter(bitOffset: at) }
                    stream.fnc1 = .application(indicator: application)
                }
            default:
                throw .unknownMode(indicator: UInt8(indicator), bitOffset: start)
            }
        }
    }

    /// An alphanumeric segment's characters under FNC1: `%%` is a `%`, a lone `%` the FNC1
    /// field separator, GS (0x1D).
    private static func fnc1Separators(_ characters: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            if characters[index] == UInt8(ascii: "%") {
                let doubled = index + 1 < characters.count && characters[index + 1] == UInt8(ascii: "%")
                bytes.append(doubled ? UInt8(ascii: "%") : 0x1D)
                index += doubled ? 2 : 1
            } else {
                bytes.append(characters[index])
                index += 1
            }
        }
        return bytes
    }

    /// Reads `count` 13-bit characters of a double-byte mode (Kanji, Hanzi) as two bytes each;
    /// `decode` gives a value's two-byte code, or `nil` when the value is no character.
    private static func doubleByteCharacters(
        _ reader: inout BitReader,
        count: Int,
        start: Int,
        decode: (Int) -> Int?
    ) throws(QRDecodeError) -> [UInt8] {
        guard 13 * count <= reader.remaining else { throw .segmentOverflow(bitOffset: start) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * count)
        for _ in 0..<count {
            let at = reader.position
            guard let code = decode(reader.read(13)) else { throw .invalidCharacter(bitOffset: at) }
            bytes.append(UInt8(code >> 8))
            bytes.append(UInt8(code & 0xFF))
        }
        return bytes
    }

    private static func readCount(_ reader: inout BitReader, bits: Int, start: Int) throws(QRDecodeError) -> Int {
        guard reader.remaining >= bits else { throw .segmentOverflow(bitOffset: start) }
        return reader.read(bits)
    }
}
