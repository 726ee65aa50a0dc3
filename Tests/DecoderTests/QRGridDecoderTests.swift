import Testing
import TestSupport

@testable import Decoder

@Suite struct QRGridDecoderTests {
    /// Every version, level and mask, from grids built by the test writer (not the encoder).
    @Test func decodesEveryVersionLevelAndMask() throws {
        var random = SeededRandom(seed: 1)
        let decoder = QRGridDecoder()
        var decoded = 0
        for version in QRVersion.all {
            for level in ErrorCorrectionLevel.allCases {
                for mask in QRMask.all {
                    let (matrix, payload) = TestSymbol.randomByteSymbol(
                        version: version,
                        level: level,
                        mask: mask,
                        using: &random
                    )
                    let symbol = try decoder.decode(matrix)
                    #expect(symbol.payload == payload)
                    #expect(symbol.version == version && symbol.level == level && symbol.mask == mask)
                    #expect(!symbol.mirrored && symbol.correctedCodewords == 0)
                    decoded += 1
                }
            }
        }
        #expect(decoded == 40 * 4 * 8)
    }

    @Test func decodesKanjiECIAndStructuredAppend() throws {
        let decoder = QRGridDecoder()
        let version = QRVersion(unchecked: 4)
        let parts: [TestSymbol.Part] = [
            .structuredAppend(index: 1, count: 3, parity: 0x7E), .alphanumeric("NO:42"), .kanji([0x935F, 0x8ABF]),
            .eci(26), .bytes(Array("€ 円".utf8)), .numeric("0123"),
        ]
        let matrix = try #require(
            TestSymbol.make(parts, version: version, level: .quartile, mask: QRMask(unchecked: 7))
        )
        let symbol = try decoder.decode(matrix)
        #expect(symbol.text == "NO:42点漢€ 円0123")
        #expect(
            symbol.payload == Array("NO:42".utf8) + [0x93, 0x5F, 0x8A, 0xBF] + Array("€ 円".utf8) + Array("0123".utf8)
        )
        #expect(symbol.structuredAppend == QRSymbol.StructuredAppend(index: 1, count: 3, parity: 0x7E))
        #expect(symbol.eci == 26)
        #expect(symbol.segments.map(\.mode) == [.alphanumeric, .kanji, .byte, .numeric])
        #expect(symbol.segments.map(\.eci) == [nil, nil, 26, 26])
        let latin1 = try #require(
            TestSymbol.make(
                [.eci(3), .bytes([0x47, 0x72, 0xFC, 0xDF])],
                version: version,
                level: .low,
                mask: QRMask(unchecked: 0)
            )
        )
        #expect(try decoder.decode(latin1).text == "Grüß")
        let shiftJIS = try #require(
            TestSymbol.make(
                [.eci(20), .bytes([0xB1, 0x8A, 0xBF])],
                version: version,
                level: .low,
                mask: QRMask(unchecked: 0)
            )
        )
        #expect(try decoder.decode(shiftJIS).text == "ｱ漢")
    }

    @Test func resultEntryPointAgreesWithThrowingOne() throws {
        var random = SeededRandom(seed: 9)
        let decoder = QRGridDecoder()
        let version = QRVersion(unchecked: 8)
        let (matrix, payload) = TestSymbol.randomByteSymbol(
            version: version,
            level: .high,
            mask: QRMask(unchecked: 5),
            using: &random
        )
        let values = TestSymbol.values(matrix)
        let result = values.withUnsafeBufferPointer { decoder.decodeResult(modules: $0, side: version.size) }
        #expect(try result.get().payload == payload)
        let bad = [UInt8](repeating: 1, count: 30 * 30)
        let failure = bad.withUnsafeBufferPointer { decoder.decodeResult(modules: $0, side: 30) }
        #expect(throws: QRDecodeError.size(side: 30, modules: 900)) { try failure.get() }
    }

    @Test func readsMirroredGrids() throws {
        var random = SeededRandom(seed: 2)
        let decoder = QRGridDecoder()
        for version in [1, 2, 6, 7, 14, 40].map({ QRVersion(unchecked: $0) }) {
            for level in ErrorCorrectionLevel.allCases {
                let mask = QRMask.all.randomElement(using: &random)!
                let (matrix, payload) = TestSymbol.randomByteSymbol(
                    version: version,
                    level: level,
                    mask: mask,
                    using: &random
                )
                let symbol = try decoder.decode(matrix.transposed)
                #expect(symbol.mirrored && symbol.payload == payload && symbol.mask == mask)
                let flat = try decoder.decode(modules: TestSymbol.values(matrix.transposed), side: version.size)
                #expect(flat.mirrored && flat.payload == payload)
            }
        }
    }

    @Test func flatEntryPointsAgreeWithMatrix() throws {
        var random = SeededRandom(seed: 3)
        let decoder = QRGridDecoder()
        let version = QRVersion(unchecked: 10)
        let (matrix, payload) = TestSymbol.randomByteSymbol(
            version: version,
            level: .medium,
            mask: QRMask(unchecked: 3),
            using: &random
        )
        let values = TestSymbol.values(matrix)
        #expect(try decoder.decode(modules: values, side: version.size).payload == payload)
        let viaPointer = try values.withUnsafeBufferPointer { try decoder.decode(modules: $0, side: version.size) }
        #expect(viaPointer.payload == payload)
    }

    @Test(arguments: [0, 1, 20, 22, 23, 24, 26, 181, 200])
    func rejectsSizesOfNoVersion(side: Int) {
        let decoder = QRGridDecoder()
        let values = [UInt8](repeating: 0, count: side * side)
        #expect(throws: QRDecodeError.size(side: side, modules: side * side)) {
            try decoder.decode(modules: values, side: side)
        }
    }

    @Test func rejectsBufferOfWrongLength() {
        let decoder = QRGridDecoder()
        #expect(throws: QRDecodeError.size(side: 21, modules: 440)) {
            try decoder.decode(modules: [UInt8](repeating: 0, count: 440), side: 21)
        }
    }

    @Test func allDarkAndAllLightGridsGiveNoPayload() {
        let decoder = QRGridDecoder()
        for version in QRVersion.all {
            for value: UInt8 in [0, 1, 2] {
                let values = [UInt8](repeating: value, count: version.size * version.size)
                #expect(throws: QRDecodeError.self) { try decoder.decode(modules: values, side: version.size) }
            }
        }
    }

    /// A million seeded random grids of mixed sizes (2 % of sizes no version has, the rest
    /// uniform over the 40 versions): none yields a payload.
    @Test func randomGridsGiveNoPayload() {
        var random = SeededRandom(seed: 0x5EED)
        let decoder = QRGridDecoder()
        // spread[b] has byte i = bit i of b: eight modules per table lookup.
        let spread: [UInt64] = (0..<256).map { b in (0..<8).reduce(0) { $0 | UInt64((b >> $1) & 1) << (8 * $1) } }
        var grid = [UInt8](repeating: 0, count: 181 * 181)
        var payloads = 0
        var stages = [String: Int]()
        for trial in 0..<1_000_000 {
            let side =
                trial % 50 == 49
                ? Int.random(in: 1...180, using: &random) : 17 + 4 * Int.random(in: 1...40, using: &random)
            let count = side * side
            grid.withUnsafeMutableBytes { raw in
                let words = raw.bindMemory(to: UInt64.self)
                for index in 0..<(count + 63) / 64 {
                    var bits = random.next()
                    for part in 0..<8 {
                        words[index * 8 + part] = spread[Int(bits & 0xFF)]
                        bits >>= 8
                    }
                }
            }
            do throws(QRDecodeError) {
                _ = try grid.withUnsafeBufferPointer { (pointer) throws(QRDecodeError) -> QRSymbol in
                    try decoder.decode(modules: UnsafeBufferPointer(rebasing: pointer[0..<count]), side: side)
                }
                payloads += 1
            } catch {
                stages[error.code, default: 0] += 1
            }
        }
        print("random grids: \(payloads) payloads; failures by stage: \(stages.sorted { $0.key < $1.key })")
        #expect(payloads == 0)
    }

    /// Errors up to capacity in every block, erasures up to twice that, and mixtures: always exact.
    @Test func correctsDamageUpToCapacityInEveryBlock() throws {
        var random = SeededRandom(seed: 4)
        let decoder = QRGridDecoder()
        for version in QRVersion.all {
            for level in ErrorCorrectionLevel.allCases {
                let damage = Corruption(version: version, level: level)
                for trial in 0..<6 {
                    let mask = QRMask.all.randomElement(using: &random)!
                    let (matrix, payload) = TestSymbol.randomByteSymbol(
                        version: version,
                        level: level,
                        mask: mask,
                        using: &random
                    )
                    var grid = TestSymbol.values(matrix)
                    var expectedChanges = 0
                    for (block, length) in damage.blockLengths.enumerated() {
                        // Trials 0-1: errors only; 2-3: erasures only; 4-5: both, 2e + f at the limit.
                        let erasures =
                            trial < 2
                            ? 0
                            : trial < 4
                                ? damage.erasureCapacity
                                : Int.random(in: 0...damage.erasureCapacity, using: &random)
                        let errors = trial < 2 ? damage.errorCapacity : (damage.erasureCapacity - erasures) / 2
                        let offsets = Array((0..<length).shuffled(using: &random).prefix(errors + erasures))
                        for offset in offsets.prefix(errors) {
                            damage.flip(
                                &grid,
                                block: block,
                                offset: offset,
                                pattern: UInt8.random(in: 1...255, using: &random)
                            )
                            expectedChanges += 1
                        }
                        for offset in offsets.dropFirst(errors) {
                            damage.erase(&grid, block: block, offset: offset, using: &random)
                        }
                    }
                    let symbol = try decoder.decode(modules: grid, side: version.size)
                    #expect(symbol.payload == payload, "\(version)-\(level) trial \(trial)")
                    #expect(symbol.correctedCodewords >= expectedChanges)
                }
            }
        }
    }

    /// One error too many in one block: that block is named in the error.
    @Test func namesTheBlockBeyondCapacity() throws {
        var random = SeededRandom(seed: 5)
        let decoder = QRGridDecoder()
        let version = QRVersion(unchecked: 5)
        let damage = Corruption(version: version, level: .quartile)
        let (matrix, _) = TestSymbol.randomByteSymbol(
            version: version,
            level: .quartile,
            mask: QRMask(unchecked: 1),
            using: &random,
            full: true
        )
        var grid = TestSymbol.values(matrix)
        // Enough damage that no codeword is near: every codeword of block 2 flipped.
        for offset in 0..<damage.blockLengths[2] { damage.flip(&grid, block: 2, offset: offset, pattern: 0x5A) }
        #expect(throws: QRDecodeError.reedSolomon(block: 2, blocks: 4)) {
            try decoder.decode(modules: grid, side: version.size)
        }
    }

    @Test func correctsUpToThreeFormatBitErrorsInBothCopies() throws {
        var random = SeededRandom(seed: 6)
        let decoder = QRGridDecoder()
        for version in [1, 7, 21].map({ QRVersion(unchecked: $0) }) {
            for _ in 0..<50 {
                let mask = QRMask.all.randomElement(using: &random)!
                let level = ErrorCorrectionLevel.allCases.randomElement(using: &random)!
                let (matrix, payload) = TestSymbol.randomByteSymbol(
                    version: version,
                    level: level,
                    mask: mask,
                    using: &random
                )
                var grid = TestSymbol.values(matrix)
                for copy in 0..<2 {
                    let positions = QRLayout.formatPositions(size: version.size, copy: copy)
                    for bit in (0..<15).shuffled(using: &random).prefix(3) {
                        grid[positions[bit].row * version.size + positions[bit].column] ^= 1
                    }
                }
                let symbol = try decoder.decode(modules: grid, side: version.size)
                #expect(symbol.payload == payload && symbol.mask == mask && symbol.level == level)
            }
        }
    }

    @Test func versionInformationMustMatchTheGridSize() throws {
        var random = SeededRandom(seed: 7)
        let decoder = QRGridDecoder()
        let version = QRVersion(unchecked: 12)
        let (matrix, payload) = TestSymbol.randomByteSymbol(
            version: version,
            level: .low,
            mask: QRMask(unchecked: 2),
            using: &random
        )
        var grid = TestSymbol.values(matrix)
        // Three bit errors in each copy still read.
        for copy in 0..<2 {
            let positions = QRLayout.versionPositions(size: version.size, copy: copy)
            for bit in (0..<18).shuffled(using: &random).prefix(3) {
                grid[positions[bit].row * version.size + positions[bit].column] ^= 1
            }
        }
        #expect(try decoder.decode(modules: grid, side: version.size).payload == payload)
        // Both copies saying version 13 in a version-12 grid: rejected, naming both.
        let other = VersionInformation.bits(QRVersion(unchecked: 13))
        for copy in 0..<2 {
            for (bit, position) in QRLayout.versionPositions(size: version.size, copy: copy).enumerated() {
                grid[position.row * version.size + position.column] = UInt8((other >> bit) & 1)
            }
        }
        let error = #expect(throws: QRDecodeError.self) { try decoder.decode(modules: grid, side: version.size) }
        #expect(error == .versionInformation(gridVersion: version, read: QRVersion(unchecked: 13)))
        #expect(error?.code == "qr_version_information")
    }

    @Test func unreliableFormatBitsCountAsErasures() throws {
        var random = SeededRandom(seed: 8)
        let decoder = QRGridDecoder()
        let version = QRVersion(unchecked: 3)
        let (matrix, payload) = TestSymbol.randomByteSymbol(
            version: version,
            level: .high,
            mask: QRMask(unchecked: 6),
            using: &random
        )
        var grid = TestSymbol.values(matrix)
        // Copy 0: six unreadable bits (2e + f = 6); copy 1: four wrong bits (beyond 3).
        let first = QRLayout.formatPositions(size: version.size, copy: 0)
        for bit in (0..<15).shuffled(using: &random).prefix(6) {
            grid[first[bit].row * version.size + first[bit].column] = QRGridDecoder.unreliable
        }
        let second = QRLayout.formatPositions(size: version.size, copy: 1)
        for bit in 0..<15 { grid[second[bit].row * version.size + second[bit].column] = 1 }
        let symbol = try decoder.decode(modules: grid, side: version.size)
        #expect(symbol.payload == payload && symbol.level == .high)
    }

    /// Pad codewords other than 0xEC/0x11 (some encoders write their own) are read from a
    /// symbol that needed no correction, and refused once a block had to be corrected.
    @Test func foreignPadsAreAcceptedOnlyWithoutCorrection() throws {
        let version = QRVersion(unchecked: 2)
        let parts: [TestSymbol.Part] = [.bytes(Array("PAD".utf8))]
        var data = try #require(TestSymbol.dataCodewords(parts, version: version, level: .low))
        // "PAD" in byte mode: 4 + 8 + 24 bits, a 4-bit terminator: pads from codeword 5 on.
        for index in 5..<data.count { data[index] = 0x5A }
        let matrix = TestSymbol.make(data: data, version: version, level: .low, mask: QRMask(unchecked: 2))
        let decoder = QRGridDecoder()
        let clean = TestSymbol.values(matrix)
        #expect(try decoder.decode(modules: clean, side: version.size).payload == Array("PAD".utf8))
        var damaged = clean
        Corruption(version: version, level: .low).flip(&damaged, block: 0, offset: 20, pattern: 0x81)
        #expect(throws: QRDecodeError.padding(codeword: 5)) { try decoder.decode(modules: damaged, side: version.size) }
    }

    /// A GS1 symbol (FNC1 in first position) read from its modules: the payload carries the
    /// field separators as GS, and the symbol says it is GS1.
    @Test func decodesAGS1Symbol() throws {
        let version = QRVersion(unchecked: 2)
        let matrix = try #require(
            TestSymbol.make(
                [.raw(0b0101, 4), .numeric("01034531200000111719112510"), .alphanumeric("ABCD1234%2112")],
                version: version,
                level: .medium,
                mask: QRMask(rawValue: 3)!
            )
        )
        let symbol = try QRGridDecoder().decode(modules: TestSymbol.values(matrix), side: version.size)
        #expect(symbol.fnc1 == .gs1)
        #expect(symbol.payload == Array("01034531200000111719112510ABCD1234".utf8) + [0x1D] + Array("2112".utf8))
    }

    /// More codewords with an unreliable module than the block has check codewords: erasing
    /// them all cannot work, but the many with a single doubtful module are right as read,
    /// and erasing only the wholly unreadable ones decodes.
    @Test func dropsLightlyErasedCodewordsWhenErasuresOverflow() throws {
        let version = QRVersion(unchecked: 3)
        let text = "KSV1:ERASURES:0123456789"
        let code = try QREncoder(level: .medium, version: version).encode(text)
        var grid = TestSymbol.values(code.matrix)
        // 26 check codewords in the one block: 10 wholly unreadable, 30 with one doubtful
        // light module (read as light, which is right).
        for index in 0..<10 {
            for module in TestSymbol.modulesOfCodeword(index, version: version) { grid[module] = 2 }
        }
        var doubtful = 0
        for index in 10..<70 where doubtful < 30 {
            guard let light = TestSymbol.modulesOfCodeword(index, version: version).first(where: { grid[$0] == 0 })
            else { continue }
            grid[light] = 2
            doubtful += 1
        }
        #expect(doubtful == 30)
        let symbol = try QRGridDecoder().decode(modules: grid, side: version.size)
        #expect(symbol.text == text)
        #expect(symbol.correctedCodewords <= 10)
    }

    @Test func errorsHaveStableCodesAndMessages() {
        let errors: [QRDecodeError] = [
            .size(side: 5, modules: 25), .formatInformation,
            .versionInformation(gridVersion: QRVersion(unchecked: 7), read: nil), .reedSolomon(block: 0, blocks: 1),
            .unknownMode(indicator: 6, bitOffset: 0), .unsupportedMode(indicator: 5, bitOffset: 0),
            .segmentOverflow(bitOffset: 0), .invalidCharacter(bitOffset: 0), .invalidECI(bitOffset: 0),
            .invalidStructuredAppend(bitOffset: 0), .terminator(bitOffset: 0), .padding(codeword: 0),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        #expect(errors.allSatisfy { $0.code.hasPrefix("qr_") && !$0.message.isEmpty })
    }
}
