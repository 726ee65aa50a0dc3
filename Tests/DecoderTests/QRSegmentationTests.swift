import Testing
import TestSupport

@testable import Decoder

@Suite struct QRSegmentationTests {
    private let v1 = QRVersion.all[0]
    private let v10 = QRVersion.all[9]
    private let v27 = QRVersion.all[26]

    private func plan(_ text: String, _ version: QRVersion) throws -> (bits: Int, modes: [QRSegment.Mode]) {
        let segments = try QRSegmentation.segments(forText: text, version: version)
        return (QRSegmentation.bitLength(of: segments, in: version), segments.map(\.mode))
    }

    // Lengths worked out by hand from ISO/IEC 18004 7.4 (mode 4 bits + count + data).
    @Test func handComputedLengths() throws {
        // 4 + 9 + 5 * 11 + 6.
        #expect(try plan("HELLO WORLD", v1) == (74, [.alphanumeric]))
        // Byte "a" (4 + 8 + 8) then ten digits (4 + 10 + 3 * 10 + 4) beats 11 bytes (100).
        #expect(try plan("a1234567890", v1) == (68, [.byte, .numeric]))
        // The same at version 10: counts are 16 and 12 bits wide: 28 + 50.
        #expect(try plan("a1234567890", v10) == (78, [.byte, .numeric]))
        // Three digits between bytes do not pay for two extra headers: 4 + 8 + 5 * 8.
        #expect(try plan("a123b", v1) == (52, [.byte]))
        // Kanji (4 + 8 + 2 * 13) and alphanumeric (4 + 9 + 11 + 6); UTF-8 bytes would take 84.
        #expect(try plan("点茗ABC", v1) == (68, [.kanji, .alphanumeric]))
        // Six digits inside alphanumeric text stay alphanumeric: 4 + 9 + 5 * 11 = 68, while
        // splitting costs 24 ("AB") + 34 (4 + 10 + 2 * 10) + 24 ("CD") = 82.
        #expect(try plan("AB123456CD", v1) == (68, [.alphanumeric]))
        // Empty text: no segments.
        #expect(try plan("", v1) == (0, []))
        // Lower case forces byte mode; a long digit run still splits off: 4 + 16 + 8 * 3
        // then 4 + 14 + 10 * 10 at version 27 (byte count 16 bits, numeric 14).
        #expect(try plan("abc" + String(repeating: "9", count: 30), v27) == (44 + 118, [.byte, .numeric]))
    }

    @Test func encodingsAndECI() throws {
        let utf8 = try QRSegmentation.segments(forText: "é", encoding: .utf8WithECI, version: v1)
        #expect(utf8 == [QRSegment(eci: .utf8), QRSegment(bytes: [0xC3, 0xA9])])
        let latin1 = try QRSegmentation.segments(forText: "é", encoding: .iso8859_1WithECI, version: v1)
        #expect(latin1 == [QRSegment(eci: .iso8859_1), QRSegment(bytes: [0xE9])])
        #expect(throws: QREncodeError.notEncodable("€", index: 1, encoding: .iso8859_1WithECI)) {
            try QRSegmentation.segments(forText: "a€", encoding: .iso8859_1WithECI, version: v1)
        }
        // Shift JIS: half-width katakana is one byte each. One kanji is cheaper as two bytes
        // (16 bits) than as a Kanji segment (12 + 13); six kanji are not (96 > 12 + 78).
        let one = try QRSegmentation.segments(forText: "ｶﾞ点", encoding: .shiftJISWithECI, version: v1)
        #expect(one == [QRSegment(eci: .shiftJIS), QRSegment(bytes: [0xB6, 0xDE, 0x93, 0x5F])])
        let six = try QRSegmentation.segments(forText: "ｶﾞ点茗点茗点茗", encoding: .shiftJISWithECI, version: v1)
        #expect(six == [QRSegment(eci: .shiftJIS), QRSegment(bytes: [0xB6, 0xDE]), try QRSegment(kanji: "点茗点茗点茗")])
        // Without Kanji mode the kanji is UTF-8 bytes.
        let noKanji = try QRSegmentation.segments(forText: "点", kanji: false, version: v1)
        #expect(noKanji == [QRSegment(bytes: Array("点".utf8))])
    }

    @Test func bytesUseNumericAndAlphanumericRuns() {
        let bytes: [UInt8] = [0x00, 0xFF] + Array("12345678901234".utf8)
        let segments = QRSegmentation.segments(forBytes: bytes, version: v1)
        #expect(segments.map(\.mode) == [.byte, .numeric])
        // 4 + 8 + 16, then 4 + 10 + 4 * 10 + 7.
        #expect(QRSegmentation.bitLength(of: segments, in: v1) == 28 + 61)
    }

    /// The dynamic programme against exhaustive search over every mode per character.
    @Test func matchesExhaustiveSearchOnShortMixedTexts() throws {
        let alphabet: [Unicode.Scalar] = ["0", "1", "7", "9", "A", "Z", " ", ":", "a", "z", "é", "点", "茗", "€"]
        var generator = SeededRandom(seed: 18004)
        for _ in 0..<150 {
            let length = Int(generator.next() % 7) + 1
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let text = String(scalars)
            for version in [v1, v10, v27] {
                let segments = try QRSegmentation.segments(forText: text, version: version)
                #expect(
                    QRSegmentation.bitLength(of: segments, in: version) == exhaustiveBest(text, version),
                    "\(text) at version \(version)"
                )
                #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.mode != $1.mode })
            }
        }
    }

    private func exhaustiveBest(_ text: String, _ version: QRVersion) -> Int {
        let scalars = Array(text.unicodeScalars)
        let modes: [QRSegment.Mode] = [.numeric, .alphanumeric, .byte, .kanji]
        func allowed(_ s: Unicode.Scalar, _ mode: QRSegment.Mode) -> Bool {
            switch mode {
            case .numeric: QRSegment.isNumeric(s)
            case .alphanumeric: QRSegment.alphanumericValue(s) != nil
            case .kanji: ShiftJIS.code(for: s).map(QRSegment.isKanjiCode) ?? false
            default: true
            }
        }
        var best = Int.max
        var choice = [Int](repeating: 0, count: scalars.count)
        func search(_ i: Int) {
            if i == scalars.count {
                var bits = 0
                var start = 0
                for j in 1...scalars.count where j == scalars.count || choice[j] != choice[start] {
                    let mode = modes[choice[start]]
                    let run = scalars[start..<j]
                    let count = mode == .byte ? run.reduce(0) { $0 + String($1).utf8.count } : run.count
                    bits += 4 + mode.characterCountBits(in: version) + QRSegment.dataBits(mode, count: count, eci: nil)
                    start = j
                }
                best = min(best, bits)
                return
            }
            for m in 0..<4 where allowed(scalars[i], modes[m]) {
                choice[i] = m
                search(i + 1)
            }
        }
        search(0)
        return best
    }
}
