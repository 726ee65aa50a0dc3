/// Turns decoded segments into text, following the ECI designators in the stream.
///
/// Consecutive segments under the same character set are decoded together, so a multi-byte
/// character split across segments still reads. Kanji segments are always Shift JIS.
enum PayloadText {
    /// A character set this decoder reads.
    enum Charset: Equatable {
        /// No ECI: UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (the standard's default).
        /// Many encoders put UTF-8 in byte segments without an ECI; ISO-8859-1 text that is also
        /// valid UTF-8 needs two or more high bytes in a row in a rare pattern, so this guess
        /// rarely misreads.
        case standard
        /// ISO-8859-1 (ECI 1 and 3).
        case latin1
        /// Shift JIS, single- and double-byte (ECI 20).
        case shiftJIS
        /// UTF-8 (ECI 26).
        case utf8
        /// US-ASCII (ECI 27).
        case ascii

        /// The set an ECI designator names, or `nil` when this decoder does not know it.
        init?(eci: Int?) {
            switch eci {
            case nil: self = .standard
            case 1, 3: self = .latin1
            case 20: self = .shiftJIS
            case 26: self = .utf8
            case 27: self = .ascii
            default: return nil
            }
        }
    }

    /// The text of a symbol's segments, or `nil` when some part is not valid text.
    static func text(of segments: [QRSymbol.Segment]) -> String? {
        var result = ""
        var run: [UInt8] = []
        var runCharset = Charset.standard
        for segment in segments {
            // GB 2312 (Hanzi segments) is not a character set this decoder reads.
            guard segment.mode != .hanzi,
                let charset = segment.mode == .kanji ? .shiftJIS : Charset(eci: segment.eci)
            else { return nil }
            if charset != runCharset, !run.isEmpty {
                guard let text = decode(run, as: runCharset) else { return nil }
                result += text
                run.removeAll(keepingCapacity: true)
            }
            runCharset = charset
            run += segment.bytes
        }
        if !run.isEmpty {
            guard let text = decode(run, as: runCharset) else { return nil }
            result += text
        }
        return result
    }

    /// Decodes bytes in one character set.
    static func decode(_ bytes: [UInt8], as charset: Charset) -> String? {
        switch charset {
        case .standard:
            return String(validating: bytes, as: UTF8.self) ?? latin1(bytes)
        case .latin1:
            return latin1(bytes)
        case .utf8:
            return String(validating: bytes, as: UTF8.self)
        case .ascii:
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return latin1(bytes)
        case .shiftJIS:
            return shiftJIS(bytes)
        }
    }

    private static func latin1(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// Shift JIS: 0x00-0x7F as ASCII, 0xA1-0xDF half-width katakana, and JIS X 0208 pairs.
    private static func shiftJIS(_ bytes: [UInt8]) -> String? {
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x00...0x7F:
                scalars.append(Unicode.Scalar(byte))
                index += 1
            case 0xA1...0xDF:
                guard let scalar = Unicode.Scalar(0xFF61 + UInt32(byte) - 0xA1) else { return nil }
                scalars.append(scalar)
                index += 1
            default:
                guard index + 1 < bytes.count,
                    let scalar = ShiftJIS.scalar(forCode: UInt16(byte) << 8 | UInt16(bytes[index + 1]))
                else { return nil }
                scalars.append(scalar)
                index += 2
            }
        }
        return String(scalars)
    }
}
