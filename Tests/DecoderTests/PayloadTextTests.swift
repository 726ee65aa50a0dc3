import Testing

@testable import Decoder

@Suite struct PayloadTextTests {
    static func segment(_ mode: QRSymbol.Segment.Mode, _ bytes: [UInt8], eci: Int? = nil) -> QRSymbol.Segment {
        QRSymbol.Segment(mode: mode, bytes: bytes, eci: eci)
    }

    @Test func defaultIsUTF8WhenValidElseLatin1() {
        #expect(PayloadText.text(of: [Self.segment(.byte, Array("Grüße €".utf8))]) == "Grüße €")
        #expect(PayloadText.text(of: [Self.segment(.byte, [0x47, 0x72, 0xFC, 0xDF, 0x65])]) == "Grüße")
    }

    @Test func latin1UnderECI1And3() {
        for eci in [1, 3] {
            // Bytes that are also valid UTF-8 (C3 A9) still read as two Latin-1 characters.
            #expect(PayloadText.text(of: [Self.segment(.byte, [0xC3, 0xA9], eci: eci)]) == "Ã©")
        }
    }

    @Test func utf8UnderECI26MustBeValid() {
        #expect(PayloadText.text(of: [Self.segment(.byte, Array("円".utf8), eci: 26)]) == "円")
        #expect(PayloadText.text(of: [Self.segment(.byte, [0xFF], eci: 26)]) == nil)
    }

    @Test func shiftJISUnderECI20() {
        // "A", half-width katakana ｱ (0xB1), backslash as ASCII, and 漢 (0x8ABF).
        let bytes: [UInt8] = [0x41, 0xB1, 0x5C, 0x8A, 0xBF]
        #expect(PayloadText.text(of: [Self.segment(.byte, bytes, eci: 20)]) == "Aｱ\\漢")
        #expect(PayloadText.text(of: [Self.segment(.byte, [0x8A], eci: 20)]) == nil)
        #expect(PayloadText.text(of: [Self.segment(.byte, [0x80], eci: 20)]) == nil)
    }

    @Test func kanjiSegmentsAreShiftJISWhateverTheECI() {
        let text = PayloadText.text(of: [
            Self.segment(.alphanumeric, Array("AB".utf8)), Self.segment(.kanji, [0x93, 0x5F, 0x8A, 0xBF]),
            Self.segment(.numeric, Array("12".utf8)),
        ])
        #expect(text == "AB点漢12")
    }

    @Test func utf8SplitAcrossByteSegmentsStillReads() {
        let bytes = Array("€".utf8)
        let text = PayloadText.text(of: [
            Self.segment(.byte, Array(bytes[0..<1])), Self.segment(.byte, Array(bytes[1...])),
        ])
        #expect(text == "€")
    }

    @Test func asciiUnderECI27AndUnknownECIs() {
        #expect(PayloadText.text(of: [Self.segment(.byte, [0x41], eci: 27)]) == "A")
        #expect(PayloadText.text(of: [Self.segment(.byte, [0xC1], eci: 27)]) == nil)
        #expect(PayloadText.text(of: [Self.segment(.byte, [0x41], eci: 25)]) == nil)
        #expect(PayloadText.text(of: []) == "")
    }
}
