@testable import Decoder

/// A test-only QR Code Model 1 writer: stream, blocks, parity and placement.
///
/// The stream and parity come from ``TestSymbol``; the function patterns, the format word's Model 1 mask (0x2825)
/// and the extension patterns are drawn here from the symbology's description, not from the decoder's tables. Only
/// the codeword order is the decoder's (``QRModel1/codewordModules``), which `QRModel1Tests` checks on its own.
enum TestModel1Symbol {
    /// Whole 8-module blocks left for codewords, per version.
    ///
    /// Up to version 12 the largest block set of the block table fills them exactly. Version 13's blocks leave 2 unused, version 14-Q
    /// fills its 610 (L leaves 1, H 4).
    static let codewordSlots = [26, 46, 72, 100, 134, 170, 212, 256, 306, 358, 416, 476, 542, 610]

    /// (error-correction codewords per block, blocks, data codewords per block), per version and level L, M, Q, H.
    static let blockTable: [[(ec: Int, count: Int, data: Int)]] = [
        [(7, 1, 19), (10, 1, 16), (13, 1, 13), (17, 1, 9)],
        [(10, 1, 36), (16, 1, 30), (22, 1, 24), (30, 1, 16)],
        [(15, 1, 57), (28, 1, 44), (36, 1, 36), (48, 1, 24)],
        [(20, 1, 80), (40, 1, 60), (50, 1, 50), (66, 1, 34)],
        [(26, 1, 108), (52, 1, 82), (66, 1, 68), (44, 2, 23)],
        [(34, 1, 136), (32, 2, 53), (42, 2, 43), (56, 2, 29)],
        [(42, 1, 170), (40, 2, 66), (52, 2, 54), (46, 3, 24)],
        [(24, 2, 104), (48, 2, 80), (64, 2, 64), (56, 3, 29)],
        [(30, 2, 123), (60, 2, 93), (50, 3, 52), (68, 3, 34)],
        [(34, 2, 145), (68, 2, 111), (58, 3, 61), (58, 4, 31)],
        [(40, 2, 168), (40, 4, 64), (52, 4, 52), (54, 5, 29)],
        [(46, 2, 192), (46, 4, 73), (58, 4, 61), (62, 5, 33)],
        [(36, 3, 144), (52, 4, 83), (66, 4, 69), (58, 6, 32)],
        [(40, 3, 163), (60, 4, 92), (60, 5, 62), (66, 6, 35)],
    ]

    static func blocks(_ version: Int, _ level: ErrorCorrectionLevel) -> (ec: Int, count: Int, data: Int) {
        blockTable[version - 1][[ErrorCorrectionLevel.low, .medium, .quartile, .high].firstIndex(of: level)!]
    }

    /// Whether the module is part of a finder, separator, timing pattern or format information (dark module included).
    static func isFixed(row: Int, column: Int, size: Int) -> Bool {
        let nearTop = row <= 8
        let nearLeft = column <= 8
        if (nearTop && nearLeft) || (nearTop && column >= size - 8) || (row >= size - 8 && nearLeft) { return true }
        return row == 6 || column == 6
    }

    /// The extension pattern blocks: (top row, left column, height, width).
    static func extensionBlocks(version: Int) -> [(row: Int, column: Int, height: Int, width: Int)] {
        let size = 17 + 4 * version
        var result: [(row: Int, column: Int, height: Int, width: Int)] = []
        // Right edge, 2 wide by 4 tall: every other block of the right strip, not the lowest or the highest.
        let tall = version + 2
        for i in stride(from: 2, to: tall - 1, by: 2) { result.append((size - 4 - 4 * i, size - 2, 4, 2)) }
        // Bottom edge, 4 wide by 2 tall: every other 4-column strip from the second, not the leftmost.
        for strip in stride(from: 1, to: version, by: 2) { result.append((size - 2, size - 8 - 4 * strip, 2, 4)) }
        return result
    }

    /// The data codewords: 4 zero bits, the parts, a terminator, zero bits, then 0xEC/0x11 pads.
    static func dataCodewords(_ parts: [TestSymbol.Part], version: Int, level: ErrorCorrectionLevel) -> [UInt8]? {
        let layout = blocks(version, level)
        let capacity = layout.count * layout.data * 8
        var bits = [false, false, false, false] + TestSymbol.streamBits(parts, version: QRVersion(rawValue: version)!)
        guard bits.count <= capacity else { return nil }
        bits += [Bool](repeating: false, count: min(4, capacity - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var bytes = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while bytes.count < capacity / 8 {
            bytes.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return bytes
    }

    /// The codewords in placement order: every block's data, then every block's parity.
    static func codewords(data: [UInt8], version: Int, level: ErrorCorrectionLevel) -> [UInt8] {
        let layout = blocks(version, level)
        var parity: [UInt8] = []
        for block in 0..<layout.count {
            let slice = Array(data[block * layout.data..<(block + 1) * layout.data])
            parity += TestSymbol.parity(slice, ecCount: layout.ec)
        }
        return data + parity
    }

    /// A Model 1 symbol from its placed codewords (missing ones are zero).
    static func matrix(codewords: [UInt8], version: Int, level: ErrorCorrectionLevel, mask: QRMask) -> QRMatrix {
        let size = 17 + 4 * version
        let model2Pattern = QRLayout.of(QRVersion(rawValue: version)!).functionPattern
        var matrix = QRMatrix(size: size)
        for row in 0..<size {
            for column in 0..<size where isFixed(row: row, column: column, size: size) {
                matrix[row, column] = model2Pattern[row, column]  // finders, separators, timing, dark module
            }
        }
        let format = FormatInformation(level: level, mask: mask).bits ^ 0x5412 ^ 0x2825
        for copy in 0..<2 {
            for (bit, position) in QRLayout.formatPositions(size: size, copy: copy).enumerated() {
                matrix[position.row, position.column] = (format >> bit) & 1 == 1
            }
        }
        for block in extensionBlocks(version: version) {
            for dy in 0..<block.height {
                for dx in 0..<block.width { matrix[block.row + dy, block.column + dx] = (dx + dy) % 2 == 0 }
            }
        }
        for (index, position) in QRModel1.codewordModules[version - 1].enumerated() {
            let row = Int(position) / size
            let column = Int(position) % size
            var dark = index / 8 < codewords.count && (codewords[index / 8] >> (7 - index % 8)) & 1 == 1
            if mask.flips(row: row, column: column) { dark.toggle() }
            matrix[row, column] = dark
        }
        return matrix
    }

    /// A symbol carrying `parts`, or `nil` when they do not fit.
    static func make(_ parts: [TestSymbol.Part], version: Int, level: ErrorCorrectionLevel, mask: QRMask) -> QRMatrix? {
        guard let data = dataCodewords(parts, version: version, level: level) else { return nil }
        return matrix(
            codewords: codewords(data: data, version: version, level: level),
            version: version,
            level: level,
            mask: mask
        )
    }
}
