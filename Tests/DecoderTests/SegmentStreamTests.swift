import Testing

@testable import Decoder

@Suite struct SegmentStreamTests {
    static let v1 = QRVersion(unchecked: 1)

    /// Packs bits into codewords, then pads with 0xEC/0x11 to `total` codewords (or not at all).
    static func codewords(_ bits: [Bool], total: Int? = nil) -> [UInt8] {
        var bits = bits
        while bits.count % 8 != 0 { bits.append(false) }
        var bytes = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while bytes.count < total ?? 0 {
            bytes.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return bytes
    }

    static func parse(_ bytes: [UInt8], version: QRVersion = v1) throws(QRDecodeError) -> SegmentStream {
        try bytes.withUnsafeBufferPointer { (pointer) throws(QRDecodeError) -> SegmentStream in
            try SegmentStream.parse(pointer, version: version)
        }
    }

    static func bits(_ parts: [TestSymbol.Part], version: QRVersion = v1) -> [Bool] {
        TestSymbol.streamBits(parts, version: version)
    }

    @Test func parsesEveryModeWithTheirData() throws {
        let stream = try Self.parse(
            TestSymbol.dataCodewords(
                [
                    .numeric("0123456789"), .alphanumeric("AC-42 $%*+./:"), .bytes([0, 0xFF, 0x80]),
                    .kanji([0x935F, 0xE4AA]),
                ],
                version: QRVersion(unchecked: 5),
                level: .low
            )!,
            version: QRVersion(unchecked: 5)
        )
        #expect(stream.segments.map(\.mode) == [.numeric, .alphanumeric, .byte, .kanji])
        #expect(stream.segments[0].bytes == Array("0123456789".utf8))
        #expect(stream.segments[1].bytes == Array("AC-42 $%*+./:".utf8))
        #expect(stream.segments[2].bytes == [0, 0xFF, 0x80])
        #expect(stream.segments[3].bytes == [0x93, 0x5F, 0xE4, 0xAA])
        #expect(stream.segments[3].characterCount == 2)
    }

    @Test(arguments: [1, 9, 10, 26, 27, 40])
    func characterCountWidthsFollowTheVersion(number: Int) throws {
        let version = QRVersion(unchecked: number)
        let parts: [TestSymbol.Part] = [.numeric("12345"), .alphanumeric("AB1"), .bytes([1, 2]), .kanji([0x8140])]
        let stream = try Self.parse(TestSymbol.dataCodewords(parts, version: version, level: .low)!, version: version)
        #expect(stream.segments.map(\.characterCount) == [5, 3, 2, 1])
    }

    @Test func numericGroupsOutOfRangeAreRejected() throws {
        // Count 3, group 1000 (10 bits): invalid.
        let bad3 = Self.codewords(Self.bits([.raw(1, 4), .raw(3, 10), .raw(1000, 10)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 14)) { try Self.parse(bad3) }
        // Count 2, group 100 (7 bits); count 1, digit 10 (4 bits).
        let bad2 = Self.codewords(Self.bits([.raw(1, 4), .raw(2, 10), .raw(100, 7)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 14)) { try Self.parse(bad2) }
        let bad1 = Self.codewords(Self.bits([.raw(1, 4), .raw(1, 10), .raw(10, 4)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 14)) { try Self.parse(bad1) }
        let good = Self.codewords(Self.bits([.raw(1, 4), .raw(3, 10), .raw(999, 10), .raw(0, 4)]), total: 19)
        #expect(try Self.parse(good).segments[0].bytes == Array("999".utf8))
    }

    @Test func alphanumericValuesOutOfRangeAreRejected() {
        let pair = Self.codewords(Self.bits([.raw(2, 4), .raw(2, 9), .raw(45 * 45, 11)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 13)) { try Self.parse(pair) }
        let single = Self.codewords(Self.bits([.raw(2, 4), .raw(1, 9), .raw(45, 6)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 13)) { try Self.parse(single) }
    }

    @Test func kanjiOutsideShiftJISIsRejected() {
        // Value 0x3F in row 0: 0x003F + 0x8140 = 0x817F, trail byte 0x7F does not exist.
        let trail7F = Self.codewords(Self.bits([.raw(8, 4), .raw(1, 8), .raw(0x3F, 13)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 12)) { try Self.parse(trail7F) }
        // Value 5951 = 0x1E * 0xC0 + 0xBF: 0x1EBF + 0x8140 = 0xA0FF, lead byte 0xA0 is not a Kanji lead.
        let beyond = Self.codewords(Self.bits([.raw(8, 4), .raw(1, 8), .raw(5951, 13)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 12)) { try Self.parse(beyond) }
    }

    @Test func segmentsRunningPastTheDataOverflow() {
        // A byte segment claiming 19 bytes in 19 codewords (header needs 12 bits more).
        let bytes = Self.codewords(Self.bits([.raw(4, 4), .raw(19, 8)]) + [Bool](repeating: true, count: 140))
        #expect(bytes.count == 19)
        #expect(throws: QRDecodeError.segmentOverflow(bitOffset: 0)) { try Self.parse(bytes) }
        // Numeric count that needs more bits than remain.
        let numeric = Self.codewords(Self.bits([.raw(1, 4), .raw(1023, 10)]), total: 19)
        #expect(throws: QRDecodeError.segmentOverflow(bitOffset: 0)) { try Self.parse(numeric) }
    }

    @Test func terminatorAndPaddingMustBeExact() throws {
        let segment = Self.bits([.numeric("1")])  // 18 bits: terminator to 22, two fill bits
        // Correct: terminator, 00 fill, then EC 11 EC ...
        let good = Self.codewords(segment + [false, false, false, false], total: 19)
        #expect(try Self.parse(good).segments.count == 1)
        // A one bit in the fill after the terminator.
        var badFill = good
        badFill[2] |= 0x01
        #expect(throws: QRDecodeError.terminator(bitOffset: 18)) { try Self.parse(badFill) }
        // A one bit in the terminator is a mode indicator.
        var badTerminator = good
        badTerminator[2] |= 0x18  // bits 19 and 20: mode 0110
        #expect(throws: QRDecodeError.unknownMode(indicator: 6, bitOffset: 18)) { try Self.parse(badTerminator) }
        // Pads must alternate from 0xEC.
        var badPad = good
        badPad[4] = 0xEC
        #expect(throws: QRDecodeError.padding(codeword: 4)) { try Self.parse(badPad) }
        var zeroPad = good
        zeroPad[3] = 0x00
        #expect(throws: QRDecodeError.padding(codeword: 3)) { try Self.parse(zeroPad) }
    }

    @Test func streamMayEndWithoutRoomForATerminator() throws {
        // 19 codewords = 152 bits: byte segment of 17 bytes = 12 + 136 = 148 bits, 4 left for the terminator.
        let exact = Self.codewords(
            Self.bits([.bytes([UInt8](repeating: 0x33, count: 17))]) + [false, false, false, false]
        )
        #expect(try Self.parse(exact).segments[0].bytes.count == 17)
        let digits = String(repeating: "7", count: 40)  // 4 + 10 + 134 = 148 bits; 4 left
        let numeric = Self.bits([.numeric(digits)])
        #expect(numeric.count == 148)
        let fits = Self.codewords(numeric + [false, false, false, false])
        #expect(try Self.parse(fits).segments[0].bytes.count == 40)
        // 41 digits: 4 + 10 + 137 = 151 bits, 1 bit left, which must be 0.
        let long = Self.bits([.numeric(String(repeating: "7", count: 41))])
        #expect(long.count == 151)
        #expect(try Self.parse(Self.codewords(long + [false])).segments[0].bytes.count == 41)
        #expect(throws: QRDecodeError.terminator(bitOffset: 151)) { try Self.parse(Self.codewords(long + [true])) }
    }

    /// segno writes a whole 0x00 codeword when the terminator ends on a codeword boundary
    /// (heuer/segno #123, #148); that one codeword is accepted there only.
    @Test func segnoZeroCodewordAfterAlignedTerminatorOnly() throws {
        // Numeric "12" in version 1: 4 + 10 + 7 = 21 bits; a 4-bit terminator would end at 25: not aligned.
        // Byte segment of 1 byte: 4 + 8 + 8 = 20 bits, terminator to 24: aligned.
        let segment = Self.bits([.bytes([0x41])])
        var segnoStyle = Self.codewords(segment + [false, false, false, false])
        segnoStyle.append(0x00)
        segnoStyle += Self.codewords([], total: 15)
        #expect(segnoStyle.count == 19)
        #expect(try Self.parse(segnoStyle).segments[0].bytes == [0x41])
        // Not aligned: a zero codeword after the fill is a padding error.
        let numeric = Self.bits([.numeric("12")])
        var unaligned = Self.codewords(numeric + [false, false, false, false])
        unaligned.append(0x00)
        unaligned += Self.codewords([], total: 19 - unaligned.count)
        #expect(throws: QRDecodeError.padding(codeword: 4)) { try Self.parse(unaligned) }
        // Two zero codewords: the second is a padding error.
        var twoZeros = Self.codewords(segment + [false, false, false, false]) + [0, 0]
        twoZeros += Self.codewords([], total: 19 - twoZeros.count)
        #expect(throws: QRDecodeError.padding(codeword: 4)) { try Self.parse(twoZeros) }
    }

    @Test func eciDesignatorsOfOneTwoAndThreeBytes() throws {
        for value in [0, 3, 26, 127, 128, 899, 16383, 16384, 811_800, 999_999] {
            let stream = try Self.parse(
                TestSymbol.dataCodewords(
                    [.eci(value), .bytes([0x41])],
                    version: QRVersion(unchecked: 2),
                    level: .low
                )!,
                version: QRVersion(unchecked: 2)
            )
            #expect(stream.firstECI == value)
            #expect(stream.segments[0].eci == value)
        }
        let tooLarge = Self.codewords(Self.bits([.raw(7, 4), .raw(0xC0_0000 | 1_000_000, 24)]), total: 19)
        #expect(throws: QRDecodeError.invalidECI(bitOffset: 0)) { try Self.parse(tooLarge) }
        let badFirstByte = Self.codewords(Self.bits([.raw(7, 4), .raw(0xE0, 8)]), total: 19)
        #expect(throws: QRDecodeError.invalidECI(bitOffset: 0)) { try Self.parse(badFirstByte) }
    }

    @Test func eciAppliesToTheSegmentsAfterIt() throws {
        let stream = try Self.parse(
            TestSymbol.dataCodewords(
                [.bytes([0x41]), .eci(26), .bytes([0x42]), .eci(3), .bytes([0x43])],
                version: QRVersion(unchecked: 2),
                level: .low
            )!,
            version: QRVersion(unchecked: 2)
        )
        #expect(stream.segments.map(\.eci) == [nil, 26, 3])
        #expect(stream.firstECI == 26)
    }

    @Test func structuredAppendHeaderIsSurfaced() throws {
        let stream = try Self.parse(
            TestSymbol.dataCodewords(
                [.structuredAppend(index: 2, count: 5, parity: 0x9C), .bytes([1])],
                version: v1Version,
                level: .low
            )!
        )
        #expect(stream.structuredAppend == QRSymbol.StructuredAppend(index: 2, count: 5, parity: 0x9C))
        // Not first: rejected.
        let late = TestSymbol.dataCodewords(
            [.bytes([1]), .structuredAppend(index: 0, count: 2, parity: 0)],
            version: v1Version,
            level: .low
        )!
        #expect(throws: QRDecodeError.invalidStructuredAppend(bitOffset: 20)) { try Self.parse(late) }
        // Index not below the count.
        let index = Self.codewords(Self.bits([.raw(3, 4), .raw(3, 4), .raw(2, 4), .raw(0, 8)]), total: 19)
        #expect(throws: QRDecodeError.invalidStructuredAppend(bitOffset: 0)) { try Self.parse(index) }
    }

    var v1Version: QRVersion { Self.v1 }

    /// GB/T 18284 Hanzi mode: subset 1 (GB 2312) is read into GB 2312 byte pairs, any other
    /// subset is unsupported, and values outside GB 2312 are invalid characters.
    @Test func hanziSegmentsReadAsGB2312() throws {
        // Value 0 is 0xA1A1 (the ideographic space); value 0x3C0 = 10 * 0x60 is 0x0A00 + 0xA6A1
        // = 0xB0A1, the first Hanzi (U+554A).
        let good = Self.codewords(
            Self.bits([.raw(0b1101, 4), .raw(1, 4), .raw(2, 8), .raw(0, 13), .raw(0x03C0, 13), .raw(0, 4)]),
            total: 19
        )
        let stream = try Self.parse(good)
        #expect(stream.segments.map(\.mode) == [.hanzi])
        #expect(stream.segments.first?.bytes == [0xA1, 0xA1, 0xB0, 0xA1])
        #expect(stream.segments.first?.characterCount == 2)
        let otherSubset = Self.codewords(Self.bits([.raw(0b1101, 4), .raw(2, 4), .raw(1, 8), .raw(0, 13)]), total: 19)
        #expect(throws: QRDecodeError.unsupportedMode(indicator: 13, bitOffset: 0)) { try Self.parse(otherSubset) }
        // Cell 0x5F of a row: low byte 0xA1 + 0x5F = 0x100, outside GB 2312.
        let outside = Self.codewords(Self.bits([.raw(0b1101, 4), .raw(1, 4), .raw(1, 8), .raw(0x5F, 13)]), total: 19)
        #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 16)) { try Self.parse(outside) }
    }

    /// GS1 data (FNC1 in first position): in alphanumeric segments a lone `%` is the field
    /// separator, carried as GS (0x1D), and `%%` a percent sign; other modes are unchanged.
    @Test func fnc1FirstPositionMarksGS1DataAndItsSeparators() throws {
        let stream = try Self.parse(
            TestSymbol.dataCodewords(
                [.raw(0b0101, 4), .numeric("0104912345123459"), .alphanumeric("10ABC%%1%21XY"), .bytes([0x25])],
                version: QRVersion(unchecked: 3),
                level: .low
            )!,
            version: QRVersion(unchecked: 3)
        )
        #expect(stream.fnc1 == .gs1)
        #expect(stream.segments.map(\.mode) == [.numeric, .alphanumeric, .byte])
        #expect(stream.segments[1].bytes == Array("10ABC%1".utf8) + [0x1D] + Array("21XY".utf8))
        #expect(stream.segments[2].bytes == [0x25])
    }

    /// FNC1 in second position carries an application indicator: two digits as 0-99, or a
    /// letter as its ASCII value + 100; anything else is no indicator.
    @Test(arguments: [(37, true), (165, true), (222, true), (100, false), (191, false), (255, false)])
    func fnc1SecondPositionReadsItsApplicationIndicator(indicator: Int, valid: Bool) throws {
        let bytes = Self.codewords(Self.bits([.raw(0b1001, 4), .raw(indicator, 8), .alphanumeric("A%B")]), total: 19)
        if valid {
            let stream = try Self.parse(bytes)
            #expect(stream.fnc1 == .application(indicator: indicator))
            #expect(stream.segments.first?.bytes == [0x41, 0x1D, 0x42])
        } else {
            #expect(throws: QRDecodeError.invalidCharacter(bitOffset: 4)) { try Self.parse(bytes) }
        }
    }

    /// Without FNC1 a `%` is a percent sign.
    @Test func percentIsPlainWithoutFNC1() throws {
        let stream = try Self.parse(Self.codewords(Self.bits([.alphanumeric("A%B"), .raw(0, 4)]), total: 19))
        #expect(stream.fnc1 == nil)
        #expect(stream.segments.first?.bytes == Array("A%B".utf8))
    }

    @Test func fnc1AfterDataIsUnsupportedAndUndefinedModesAreUnknown() {
        for indicator in [5, 9] {
            let bytes = Self.codewords(Self.bits([.bytes([1]), .raw(indicator, 4), .raw(0x30, 8)]), total: 19)
            #expect(throws: QRDecodeError.unsupportedMode(indicator: UInt8(indicator), bitOffset: 20)) {
                try Self.parse(bytes)
            }
        }
        let twice = Self.codewords(Self.bits([.raw(5, 4), .raw(5, 4)]), total: 19)
        #expect(throws: QRDecodeError.unsupportedMode(indicator: 5, bitOffset: 4)) { try Self.parse(twice) }
        for indicator in [6, 10, 11, 12, 14, 15] {
            let bytes = Self.codewords(Self.bits([.bytes([1]), .raw(indicator, 4)]), total: 19)
            #expect(throws: QRDecodeError.unknownMode(indicator: UInt8(indicator), bitOffset: 20)) {
                try Self.parse(bytes)
            }
        }
    }

    @Test func emptyStreamIsAnEmptyPayload() throws {
        let stream = try Self.parse(Self.codewords([false, false, false, false], total: 19))
        #expect(stream.segments.isEmpty && stream.structuredAppend == nil && stream.firstECI == nil)
    }
}
