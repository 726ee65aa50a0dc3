import Testing
import TestSupport

@testable import Decoder

/// QR Code Model 1 symbols, written by ``TestModel1Symbol`` at test time, through the grid decoder and the scanner.
@Suite struct QRModel1Tests {
    /// Every module is exactly one of: fixed pattern, extension pattern, data; every codeword is a 2x4 or 4x2 block;
    /// there is room for the largest block set of the version.
    @Test(arguments: 1...14)
    func placementCoversEveryDataModuleOnce(version: Int) {
        let size = 17 + 4 * version
        var owner = [Int](repeating: 0, count: size * size)
        for row in 0..<size {
            for column in 0..<size where TestModel1Symbol.isFixed(row: row, column: column, size: size) {
                owner[row * size + column] += 1
            }
        }
        for block in TestModel1Symbol.extensionBlocks(version: version) {
            for dy in 0..<block.height {
                for dx in 0..<block.width { owner[(block.row + dy) * size + block.column + dx] += 1 }
            }
        }
        let positions = QRModel1.codewordModules[version - 1].map { Int($0) }
        for position in positions { owner[position] += 1 }
        #expect(owner.allSatisfy { $0 == 1 }, "version \(version)")
        #expect(positions.count == 8 * TestModel1Symbol.codewordSlots[version - 1])
        let used = ErrorCorrectionLevel.allCases.map { level in
            let layout = TestModel1Symbol.blocks(version, level)
            return layout.count * (layout.ec + layout.data)
        }
        #expect(used.max()! == TestModel1Symbol.codewordSlots[version - 1] - (version == 13 ? 2 : 0))
        for codeword in 0..<positions.count / 8 {
            let modules = positions[codeword * 8..<codeword * 8 + 8]
            let rows = Set(modules.map { $0 / size })
            let columns = Set(modules.map { $0 % size })
            // Rows may straddle the timing row 6 and columns the timing column 6.
            let rowSpan = rows.max()! - rows.min()! + 1 - (rows.min()! < 6 && rows.max()! > 6 ? 1 : 0)
            let columnSpan = columns.max()! - columns.min()! + 1 - (columns.min()! < 6 && columns.max()! > 6 ? 1 : 0)
            #expect((rows.count, columns.count) == (4, 2) || (rows.count, columns.count) == (2, 4))
            #expect(rowSpan == rows.count && columnSpan == columns.count, "codeword \(codeword) of version \(version)")
        }
    }

    @Test func everyVersionLevelAndSomeMasksRoundTrip() throws {
        var random = SeededRandom(seed: 1994)
        let decoder = QRGridDecoder()
        for version in 1...14 {
            for level in ErrorCorrectionLevel.allCases {
                let layout = TestModel1Symbol.blocks(version, level)
                let mask = QRMask.all[(version + level.tableIndex) % 8]
                let length = Int.random(in: 0...(layout.count * layout.data - 3), using: &random)
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                let matrix = try #require(
                    TestModel1Symbol.make([.bytes(bytes)], version: version, level: level, mask: mask)
                )
                let symbol = try decoder.decode(matrix)
                #expect(symbol.payload == bytes, "\(version)-\(level)")
                #expect(symbol.isModel1 && !symbol.mirrored && symbol.correctedCodewords == 0)
                #expect(symbol.version.rawValue == version && symbol.level == level && symbol.mask == mask)
            }
        }
    }

    @Test(arguments: QRMask.all)
    func everyMaskRoundTripsMixedModes(mask: QRMask) throws {
        let parts: [TestSymbol.Part] = [
            .numeric("0123456789"), .alphanumeric("QR CODE MODEL 1"), .bytes(Array("ok".utf8)),
        ]
        let matrix = try #require(TestModel1Symbol.make(parts, version: 3, level: .medium, mask: mask))
        let symbol = try QRGridDecoder().decode(matrix)
        #expect(symbol.text == "0123456789QR CODE MODEL 1ok")
        #expect(symbol.isModel1 && symbol.mask == mask)
    }

    @Test func mirroredSymbolReads() throws {
        let matrix = try #require(
            TestModel1Symbol.make([.bytes(Array("mirror".utf8))], version: 8, level: .high, mask: QRMask.all[5])
        )
        let size = matrix.size
        var transposed = [UInt8](repeating: 0, count: size * size)
        for row in 0..<size {
            for column in 0..<size { transposed[column * size + row] = matrix[row, column] ? 1 : 0 }
        }
        let symbol = try QRGridDecoder().decode(modules: transposed, side: size)
        #expect(symbol.payload == Array("mirror".utf8) && symbol.mirrored && symbol.isModel1)
    }

    @Test(arguments: [1, 5, 10, 13])
    func correctsErrorsUpToTheBlocksCapacity(version: Int) throws {
        var random = SeededRandom(seed: UInt64(version))
        let layout = TestModel1Symbol.blocks(version, .high)
        let bytes = Array("damaged".utf8)
        let data = try #require(TestModel1Symbol.dataCodewords([.bytes(bytes)], version: version, level: .high))
        var codewords = TestModel1Symbol.codewords(data: data, version: version, level: .high)
        // In every block, as many wrong codewords as it corrects, less the misdecode margin.
        let errors = (layout.ec - QRModel1.misdecodeProtection(ecCodewords: layout.ec)) / 2
        for block in 0..<layout.count {
            let indices = (0..<(layout.data + layout.ec)).map { offset in
                offset < layout.data
                    ? block * layout.data + offset
                    : layout.count * layout.data + block * layout.ec + offset - layout.data
            }
            for index in indices.filter({ $0 != 0 }).shuffled(using: &random).prefix(errors) {
                codewords[index] ^= UInt8.random(in: 1...255, using: &random)
            }
        }
        let matrix = TestModel1Symbol.matrix(codewords: codewords, version: version, level: .high, mask: QRMask.all[2])
        let symbol = try QRGridDecoder().decode(matrix)
        #expect(symbol.payload == bytes && symbol.isModel1)
        #expect(symbol.correctedCodewords == errors * layout.count)
    }

    @Test func cornerNibbleIsIgnored() throws {
        let matrix = try #require(
            TestModel1Symbol.make([.bytes(Array("corner".utf8))], version: 2, level: .low, mask: QRMask.all[0])
        )
        var values = TestSymbol.values(matrix)
        let size = matrix.size
        for (row, column) in [(size - 1, size - 1), (size - 1, size - 2), (size - 2, size - 1), (size - 2, size - 2)] {
            values[row * size + column] ^= 1
        }
        let symbol = try QRGridDecoder().decode(modules: values, side: size)
        #expect(symbol.payload == Array("corner".utf8) && symbol.correctedCodewords == 0)
    }

    /// Model 1 is tried on a failed grid only when both format copies agree or one reads without an error.
    @Test func oneDamagedFormatCopyIsRead() throws {
        let text = Array("format".utf8)
        let matrix = try #require(
            TestModel1Symbol.make([.bytes(text)], version: 3, level: .quartile, mask: QRMask.all[6])
        )
        for copy in 0..<2 {
            var values = TestSymbol.values(matrix)
            for bit in [2, 9] {
                let position = QRLayout.formatPositions(size: matrix.size, copy: copy)[bit]
                values[position.row * matrix.size + position.column] ^= 1
            }
            let symbol = try QRGridDecoder().decode(modules: values, side: matrix.size)
            #expect(symbol.payload == text && symbol.level == .quartile && symbol.mask == QRMask.all[6])
        }
    }

    @Test func eciIsNoModel1Mode() throws {
        let matrix = try #require(
            TestModel1Symbol.make([.eci(26), .bytes(Array("x".utf8))], version: 2, level: .low, mask: QRMask.all[1])
        )
        #expect(throws: QRDecodeError.self) { try QRGridDecoder().decode(matrix) }
    }

    @Test func model2SymbolsSayModel2() throws {
        let symbol = try QRGridDecoder().decode(try QREncoder(level: .medium).encode("KSZ-000123").matrix)
        #expect(!symbol.isModel1)
    }

    @Test(arguments: [1, 2, 4, 7])
    func scannerReadsARenderedSymbol(version: Int) throws {
        let text = "Model 1 v\(version)"
        let matrix = try #require(
            TestModel1Symbol.make([.bytes(Array(text.utf8))], version: version, level: .medium, mask: QRMask.all[3])
        )
        var frame = FrameRenderer(width: 320, height: 320)
        frame.place(Placement(matrix: matrix, centerX: 160, centerY: 160, modulePixels: 3, rotationDegrees: 10))
        let found = try QRScannerTests.scan(frame)
        #expect(found.map(\.payload) == [Array(text.utf8)], "version \(version)")
    }
}
