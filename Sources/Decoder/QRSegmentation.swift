/// Splits a payload into the segments with the shortest bit stream (ISO/IEC 18004 annex J).
///
/// A dynamic programme over the characters keeps, for each mode, the cheapest stream that ends
/// in a segment of that mode; switching modes costs a mode indicator and a character count,
/// whose width depends on the version range (1-9, 10-26, 27-40), so the best split does too.
/// Costs are counted in sixths of a bit, which makes every mode's per-character cost whole
/// (numeric 10/3, alphanumeric 11/2, byte 8, Kanji 13 bits), and rounded up where a segment ends.
public enum QRSegmentation {
    /// The shortest segment sequence for text.
    ///
    /// Digits may go in numeric mode, upper-case letters and `space $ % * + - . / :` in
    /// alphanumeric mode, characters with a Shift JIS code in 0x8140-0x9FFC or 0xE040-0xEBBF in
    /// Kanji mode, and every character in byte mode as its bytes in `encoding`. An encoding with
    /// an ECI puts that ECI segment first.
    ///
    /// - Parameters:
    ///   - text: The payload.
    ///   - encoding: The bytes of byte-mode characters and the ECI announced.
    ///   - kanji: Whether Kanji mode may be used.
    ///   - version: The version whose count widths to plan for (only its range matters).
    /// - Returns: The segments, adjacent segments always in different modes.
    /// - Throws: ``QREncodeError/notEncodable(_:index:encoding:)`` when `encoding` lacks a character.
    public static func segments(
        forText text: String,
        encoding: QRTextEncoding = .utf8,
        kanji: Bool = true,
        version: QRVersion
    ) throws(QREncodeError) -> [QRSegment] {
        var units: [Unit] = []
        for (index, scalar) in text.unicodeScalars.enumerated() {
            guard let bytes = encoding.bytes(of: scalar) else {
                throw .notEncodable(scalar, index: index, encoding: encoding)
            }
            var kanjiCode: UInt16?
            if kanji, let code = ShiftJIS.code(for: scalar), QRSegment.isKanjiCode(code) { kanjiCode = code }
            units.append(Unit(scalar: scalar, bytes: bytes, kanjiCode: kanjiCode))
        }
        let segments = optimalSegments(units, versionRange: QRSegment.Mode.versionRange(of: version))
        guard let eci = encoding.eci else { return segments }
        return [QRSegment(eci: eci)] + segments
    }

    /// The shortest segment sequence for bytes, using numeric, alphanumeric and byte modes.
    ///
    /// - Parameters:
    ///   - bytes: The payload.
    ///   - version: The version whose count widths to plan for (only its range matters).
    /// - Returns: The segments, adjacent segments always in different modes.
    public static func segments(forBytes bytes: [UInt8], version: QRVersion) -> [QRSegment] {
        let units = bytes.map { Unit(scalar: Unicode.Scalar($0), bytes: [$0], kanjiCode: nil) }
        return optimalSegments(units, versionRange: QRSegment.Mode.versionRange(of: version))
    }

    /// Bits a segment sequence takes in a symbol of `version`, without terminator or padding.
    ///
    /// - Parameters:
    ///   - segments: The segments.
    ///   - version: The symbol's version.
    /// - Returns: The sum of the segments' lengths.
    public static func bitLength(of segments: [QRSegment], in version: QRVersion) -> Int {
        segments.reduce(0) { $0 + $1.bitLength(in: version) }
    }

    /// One input character: its bytes in the chosen encoding and which modes can hold it.
    struct Unit {
        let scalar: Unicode.Scalar
        let bytes: [UInt8]
        let kanjiCode: UInt16?
    }

    private static let modes: [QRSegment.Mode] = [.numeric, .alphanumeric, .byte, .kanji]

    /// Cost of one character in mode `modes[m]` in sixths of a bit, or `nil` if it does not fit.
    private static func cost(_ unit: Unit, mode m: Int) -> Int? {
        switch m {
        case 0: QRSegment.isNumeric(unit.scalar) ? 20 : nil
        case 1: QRSegment.alphanumericValue(unit.scalar) != nil ? 33 : nil
        case 2: 48 * unit.bytes.count
        default: unit.kanjiCode != nil ? 78 : nil
        }
    }

    static func optimalSegments(_ units: [Unit], versionRange: Int) -> [QRSegment] {
        guard !units.isEmpty else { return [] }
        let headers = modes.map { (4 + $0.characterCountBits(inRange: versionRange)) * 6 }
        let unreachable = Int.max / 4
        // previous[i][m]: the mode of character i on the cheapest path whose segment after
        // character i is open in mode m (m itself unless the path switched right after i).
        var previous = [[Int]](repeating: [-1, -1, -1, -1], count: units.count)
        var costs = headers
        for (i, unit) in units.enumerated() {
            var stayed = [Int](repeating: unreachable, count: 4)
            for m in 0..<4 {
                if let c = cost(unit, mode: m), costs[m] < unreachable {
                    stayed[m] = costs[m] + c
                    previous[i][m] = m
                }
            }
            var next = stayed
            for to in 0..<4 {
                for from in 0..<4 where from != to && stayed[from] < unreachable {
                    let switched = (stayed[from] + 5) / 6 * 6 + headers[to]
                    if switched < next[to] {
                        next[to] = switched
                        previous[i][to] = from
                    }
                }
            }
            costs = next
        }
        // The cheapest end state; rounding up is the same for every mode, so compare rounded.
        var mode = 0
        for m in 1..<4 where (costs[m] + 5) / 6 < (costs[mode] + 5) / 6 { mode = m }
        var unitModes = [Int](repeating: 0, count: units.count)
        for i in stride(from: units.count - 1, through: 0, by: -1) {
            mode = previous[i][mode]
            unitModes[i] = mode
        }
        var segments: [QRSegment] = []
        var start = 0
        for i in 1...units.count where i == units.count || unitModes[i] != unitModes[start] {
            segments.append(segment(units[start..<i], mode: modes[unitModes[start]]))
            start = i
        }
        return segments
    }

    private static func segment(_ units: ArraySlice<Unit>, mode: QRSegment.Mode) -> QRSegment {
        var data: [UInt8] = []
        for unit in units {
            if mode == .kanji, let code = unit.kanjiCode {
                data.append(UInt8(code >> 8))
                data.append(UInt8(code & 0xFF))
            } else {
                data.append(contentsOf: unit.bytes)
            }
        }
        return QRSegment(mode: mode, data: data)
    }
}
