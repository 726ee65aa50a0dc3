import Testing

@testable import Decoder

@Suite struct QRSegmentTests {
    @Test func modesCheckTheirCharacters() throws {
        #expect(try QRSegment(numeric: "0123").data == Array("0123".utf8))
        #expect(throws: QREncodeError.notInMode("a", index: 2, mode: .numeric)) { try QRSegment(numeric: "01a") }
        #expect(try QRSegment(alphanumeric: "AC-42 $%*+./:").characterCount == 13)
        #expect(throws: QREncodeError.notInMode("c", index: 1, mode: .alphanumeric)) {
            try QRSegment(alphanumeric: "Ac")
        }
        let kanji = try QRSegment(kanji: "点茗")
        #expect(kanji.kanjiCodes == [0x935F, 0xE4AA])
        #expect(kanji.characterCount == 2)
        #expect(kanji.text == "点茗")
        #expect(throws: QREncodeError.notInMode("A", index: 1, mode: .kanji)) { try QRSegment(kanji: "点A") }
        #expect(throws: QREncodeError.invalidKanjiCode(0xEBC0, index: 1)) {
            try QRSegment(kanjiCodes: [0x8140, 0xEBC0])
        }
        #expect(throws: QREncodeError.invalidKanjiCode(0x817F, index: 0)) { try QRSegment(kanjiCodes: [0x817F]) }
    }

    @Test func characterCountWidthsFollowTheVersionRanges() {
        let widths = [1, 9, 10, 26, 27, 40].map { number in
            QRSegment.Mode.allCases.map { $0.characterCountBits(in: QRVersion.all[number - 1]) }
        }
        // Order: numeric, alphanumeric, byte, kanji, eci.
        #expect(widths[0] == [10, 9, 8, 8, 0] && widths[1] == widths[0])
        #expect(widths[2] == [12, 11, 16, 10, 0] && widths[3] == widths[2])
        #expect(widths[4] == [14, 13, 16, 12, 0] && widths[5] == widths[4])
    }

    @Test func bitLengthsMatchTheStandardsFormulas() throws {
        let v1 = QRVersion.all[0]
        // ISO/IEC 18004 7.4.3: "01234567" takes 4 + 10 + 27 = 41 bits.
        #expect(try QRSegment(numeric: "01234567").bitLength(in: v1) == 41)
        // 7.4.4: "AC-42" takes 4 + 9 + 28 = 41 bits.
        #expect(try QRSegment(alphanumeric: "AC-42").bitLength(in: v1) == 41)
        #expect(QRSegment(bytes: [1, 2, 3]).bitLength(in: QRVersion.all[9]) == 4 + 16 + 24)
        #expect(try QRSegment(kanji: "点茗").bitLength(in: v1) == 4 + 8 + 26)
        #expect(QRSegment(eci: .utf8).bitLength(in: v1) == 12)
        #expect(QRSegment(eci: try #require(ECIDesignator(rawValue: 1000))).bitLength(in: v1) == 20)
        #expect(QRSegment(eci: try #require(ECIDesignator(rawValue: 999_999))).bitLength(in: v1) == 28)
    }

    @Test func eciDesignatorsUseOneToThreeBytes() throws {
        #expect(ECIDesignator(rawValue: 1_000_000) == nil)
        #expect(ECIDesignator.utf8.encoded == (26, 8))
        #expect(try #require(ECIDesignator(rawValue: 127)).encoded == (127, 8))
        #expect(try #require(ECIDesignator(rawValue: 128)).encoded == (0x8080, 16))
        #expect(try #require(ECIDesignator(rawValue: 16383)).encoded == (0xBFFF, 16))
        #expect(try #require(ECIDesignator(rawValue: 16384)).encoded == (0xC0_4000, 24))
        #expect(try #require(ECIDesignator(rawValue: 999_999)).encoded == (0xCF_423F, 24))
        #expect(ECIDesignator.utf8.description == "ECI 000026")
    }

    @Test func structuredAppendChecksItsFields() throws {
        #expect(throws: QREncodeError.invalidStructuredAppend(position: 2, total: 2)) {
            try StructuredAppend(position: 2, total: 2, parity: 0)
        }
        #expect(throws: QREncodeError.invalidStructuredAppend(position: 0, total: 17)) {
            try StructuredAppend(position: 0, total: 17, parity: 0)
        }
        #expect(StructuredAppend.parity(of: [0x41, 0x42, 0x43]) == 0x40)
        #expect(try StructuredAppend(position: 0, total: 3, parity: 0x0A).description == "1/3 p=0x0A")
    }
}
