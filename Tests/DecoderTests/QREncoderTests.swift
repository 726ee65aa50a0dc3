import Testing
import TestSupport

@testable import Decoder

@Suite struct QREncoderTests {
    private func bits(_ bytes: [UInt8], count: Int) -> String {
        (0..<count).map { bytes[$0 / 8] & (0x80 >> UInt8($0 % 8)) != 0 ? "1" : "0" }.joined()
    }

    @Test func numericExampleOfTheStandard() throws {
        // ISO/IEC 18004 annex I: "01234567" at 1-M: 0001 0000001000 0000001100 0101011001 1000011,
        // terminator, then pad codewords.
        let stream = QREncoder.dataStream(
            [try QRSegment(numeric: "01234567")],
            structuredAppend: nil,
            version: QRVersion.all[0],
            level: .medium
        )
        #expect(
            stream == [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80]
                + [UInt8](repeating: 0, count: 10).enumerated().map {
                    $0.offset % 2 == 0 ? 0xEC : 0x11
                }
        )
    }

    @Test func noBitPaddingWhenTheTerminatorEndsACodeword() {
        // "a" at 1-L: 0100 00000001 01100001 + terminator 0000 = 24 bits, exactly 3 codewords, so
        // the pad codewords follow at once (ISO/IEC 18004 7.4.10). segno 1.6 inserts an extra 0x00
        // here; tools/make_segno_fixture.py keeps its cases clear of that.
        let stream = QREncoder.dataStream([QRSegment(bytes: [0x61])], structuredAppend: nil, version: .min, level: .low)
        #expect(Array(stream.prefix(6)) == [0x40, 0x16, 0x10, 0xEC, 0x11, 0xEC])
        #expect(stream.count == 19)
    }

    @Test func kanjiSegmentBits() throws {
        // ISO/IEC 18004 7.4.6: 点 (0x935F) is 0x0D9F and 茗 (0xE4AA) is 0x1AAA in 13 bits.
        var buffer = BitBuffer()
        QREncoder.write(try QRSegment(kanji: "点茗"), version: QRVersion.all[0], into: &buffer)
        #expect(bits(buffer.bytes, count: buffer.count) == "1000" + "00000010" + "0110110011111" + "1101010101010")
    }

    @Test func eciAndStructuredAppendHeaders() throws {
        let header = try StructuredAppend(position: 2, total: 4, parity: 0xA5)
        let stream = QREncoder.dataStream(
            [QRSegment(eci: .utf8), QRSegment(bytes: [0x41])],
            structuredAppend: header,
            version: QRVersion.all[0],
            level: .low
        )
        let expected = "0011" + "0010" + "0011" + "10100101" + "0111" + "00011010" + "0100" + "00000001" + "01000001"
        #expect(bits(stream, count: expected.count) == expected)
        var big = BitBuffer()
        QREncoder.write(QRSegment(eci: try #require(ECIDesignator(rawValue: 123_456))), version: .min, into: &big)
        #expect(bits(big.bytes, count: big.count) == "0111" + "110" + "000011110001001000000")
    }

    @Test func reedSolomonCodewordsVanishAtTheGeneratorsRoots() {
        var generator = SeededRandom(seed: 7)
        for degree in [7, 10, 13, 17, 22, 30] {
            let data = (0..<40).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let codeword = data + ReedSolomonEncoder(degree: degree).remainder(of: data[...])
            for root in 0..<degree {
                // Horner's rule: codeword(x) at x = 2^root.
                var value: UInt8 = 0
                for coefficient in codeword {
                    value = GaloisField.multiply(value, GaloisField.power(root)) ^ coefficient
                }
                #expect(value == 0, "degree \(degree), root 2^\(root)")
            }
        }
    }

    @Test func choosesTheSmallestVersionThatFits() throws {
        let q = try QREncoder(level: .quartile).encode("HELLO WORLD")
        #expect(q.version.rawValue == 1 && q.segments.map(\.mode) == [.alphanumeric])
        // 74 bits exceed the 72 of 1-H.
        #expect(try QREncoder(level: .high).encode("HELLO WORLD").version.rawValue == 2)
        let floor = try QREncoder(minimumVersion: QRVersion(rawValue: 5)!).encode("HELLO WORLD")
        #expect(floor.version.rawValue == 5)
        let forced = try QREncoder(version: QRVersion(rawValue: 12)!, mask: QRMask(rawValue: 3)!).encode("x")
        #expect(forced.version.rawValue == 12 && forced.mask.rawValue == 3 && forced.matrix.size == 65)
        // Version 10 starts a wider count range; the encoder re-plans the segments there.
        let wide = try QREncoder(level: .low).encode(bytes: [UInt8](repeating: 0xAB, count: 300))
        #expect(
            wide.version.rawValue == 11 && wide.segments == [QRSegment(bytes: [UInt8](repeating: 0xAB, count: 300))]
        )
    }

    @Test func refusesDataThatDoesNotFit() throws {
        let v1 = QRVersion.all[0]
        let digits42 = try QRSegment(numeric: String(repeating: "7", count: 42))
        let error = QREncodeError.dataTooLong(bits: 154, capacity: 152, version: v1, level: .low)
        #expect(throws: error) { try QREncoder(level: .low, version: v1).encode(segments: [digits42]) }
        #expect(error.message == "The data needs 154 bits but version 1-L holds only 152.")
        #expect(error.code == "qr_data_too_long")
        // 41 digits is 1-L's capacity.
        let digits41 = try QRSegment(numeric: String(repeating: "7", count: 41))
        #expect(try QREncoder(level: .low, version: v1).encode(segments: [digits41]).version == v1)
        // The largest symbol: 7089 digits fit 40-L, 7090 do not (4 + 14 + 23630 + 4 bits).
        let v40 = QRVersion.all[39]
        #expect(try QREncoder(level: .low).encode(String(repeating: "1", count: 7089)).version == v40)
        #expect(throws: QREncodeError.dataTooLong(bits: 23652, capacity: 23648, version: v40, level: .low)) {
            try QREncoder(level: .low).encode(String(repeating: "1", count: 7090))
        }
        // A maximum version reports the capacity there.
        #expect(throws: QREncodeError.dataTooLong(bits: 74, capacity: 72, version: v1, level: .high)) {
            try QREncoder(level: .high, maximumVersion: v1).encode("HELLO WORLD")
        }
    }

    @Test func refusesAnEmptyVersionRange() throws {
        let v3 = QRVersion.all[2]
        let v5 = QRVersion.all[4]
        #expect(throws: QREncodeError.invalidVersionRange(minimum: v5, maximum: v3)) {
            try QREncoder(minimumVersion: v5, maximumVersion: v3).encode("A")
        }
        #expect(throws: QREncodeError.invalidVersionRange(minimum: v5, maximum: .max)) {
            try QREncoder(version: v3, minimumVersion: v5).encode("A")
        }
    }

    @Test func textOptionsReachTheSegments() throws {
        let kanji = try QREncoder().encode("点茗ABC")
        #expect(kanji.segments == [try QRSegment(kanji: "点茗"), try QRSegment(alphanumeric: "ABC")])
        let eci = try QREncoder(textEncoding: .utf8WithECI).encode("Grüße")
        #expect(eci.segments == [QRSegment(eci: .utf8), QRSegment(bytes: Array("Grüße".utf8))])
        #expect(throws: QREncodeError.notEncodable("点", index: 0, encoding: .iso8859_1WithECI)) {
            try QREncoder(textEncoding: .iso8859_1WithECI).encode("点")
        }
        let set = try QREncoder().encode("PART", structuredAppend: StructuredAppend(position: 0, total: 2, parity: 1))
        #expect(set.structuredAppend?.total == 2)
    }

    @Test func everyVersionLevelAndMaskBuildsAWellFormedSymbol() throws {
        for version in QRVersion.all {
            for level in ErrorCorrectionLevel.allCases {
                let mask = QRMask.all[(version.rawValue + level.tableIndex) % 8]
                let code = try QREncoder(level: level, version: version, mask: mask).encode("KIOSKD")
                let size = version.size
                var info = [Bool](repeating: false, count: size * size)
                var positions =
                    QRLayout.formatPositions(size: size, copy: 0) + QRLayout.formatPositions(size: size, copy: 1)
                if version.rawValue >= 7 {
                    positions +=
                        QRLayout.versionPositions(size: size, copy: 0) + QRLayout.versionPositions(size: size, copy: 1)
                }
                for (row, column) in positions { info[row * size + column] = true }
                let layout = QRLayout.of(version)
                // Function patterns are untouched by data and mask.
                for index in 0..<layout.isFunction.count where layout.isFunction[index] && !info[index] {
                    #expect(code.matrix.modules[index] == layout.functionPattern.modules[index])
                }
                // Both copies of the format information agree and decode to level and mask.
                let format = FormatInformation(level: level, mask: mask).bits
                for copy in 0..<2 {
                    for (i, (row, column)) in QRLayout.formatPositions(size: layout.size, copy: copy).enumerated() {
                        #expect(code.matrix[row, column] == (format >> UInt16(i) & 1 == 1))
                    }
                }
            }
        }
    }
}
