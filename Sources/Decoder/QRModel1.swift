/// QR Code Model 1, the original 1994 symbology (versions 1-14, ISO/IEC 18004:2000 annex M), as far as a reader needs.
///
/// It shares finders, separators, timing patterns, sizes, masks and format information positions with Model 2, but:
/// the format word is XORed with 0x2825 (Model 2: 0x5412); there is no version information and no alignment pattern,
/// extension patterns take some 8-module blocks on the right and bottom edges instead; codewords are placed as whole
/// 2x4 or 4x2 blocks in fixed regions, not in the Model 2 zigzag; Reed-Solomon blocks follow one another, data then
/// error correction, without interleaving; the stream opens with 4 bits the reader skips (the corner of codeword 0);
/// and it has no ECI. Mode indicators and character count widths are those of Model 2.
enum QRModel1 {
    /// The largest Model 1 version.
    static let maxVersion = 14

    /// XOR from a Model 1 format word to the Model 2 word of the same level and mask.
    static let formatMaskDifference: UInt16 = 0x2825 ^ 0x5412

    /// The block table: per version, per level (L, M, Q, H), EC codewords per block, blocks, data codewords per block.
    ///
    /// Every block of a version and level has the same size (ISO/IEC 18004:2000 tables M.2 and M.4).
    private static let blockTable: [[(ec: Int, count: Int, data: Int)]] = [
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

    /// The Reed-Solomon blocks of a version and level, or `nil` for a version above 14 (or blocks that would not fit).
    ///
    /// The blocks may leave placed codewords unused (version 13: 2 of 542; version 14 at L: 1 of 610); those are
    /// not read.
    static func blocks(_ version: QRVersion, _ level: ErrorCorrectionLevel) -> (ec: Int, count: Int, data: Int)? {
        guard version.rawValue <= maxVersion else { return nil }
        let entry = blockTable[version.rawValue - 1][level.tableIndex]
        guard entry.count * (entry.ec + entry.data) <= codewordModules[version.rawValue - 1].count / 8 else {
            return nil
        }
        return entry
    }

    /// Codewords each block's correction must leave unused, so that a random grid rarely decodes: the same margin
    /// Model 2 keeps for blocks with as few error-correction codewords.
    static func misdecodeProtection(ecCodewords: Int) -> Int {
        switch ecCodewords {
        case ...7: 3
        case ...10: 2
        case ...17: 1
        default: 0
        }
    }

    /// Per version: row-major module index of each codeword's 8 bits, most significant first, codewords in
    /// placement order.
    static let codewordModules: [[Int32]] = (1...maxVersion).map(placement(version:))

    /// Codeword placement of one version.
    ///
    /// A codeword fills a block of 2 columns by 4 rows or 4 columns by 2 rows; its most significant bit is the
    /// block's bottom-right module, then leftward along the row, then the row above. Blocks go bottom to top in each
    /// of three regions: two 2-wide strips at the right edge (right strip first), 4-wide strips across the middle
    /// from the right, and four 2-wide strips between the left finders (column 6, the timing pattern, is skipped).
    /// Extension patterns take every other block of the rightmost strip and of the bottom row in the middle.
    private static func placement(version: Int) -> [Int32] {
        let size = 17 + 4 * version
        var result: [Int32] = []
        func block(bottom: Int, right: Int, width: Int) {
            for bit in 0..<8 { result.append(Int32((bottom - bit / width) * size + right - bit % width)) }
        }
        // Right edge: rows 9 to size - 1.
        let tall = version + 2
        for strip in 0..<2 {
            for i in 0..<tall where !(strip == 0 && i % 2 == 0 && i > 0 && i < tall - 1) {
                block(bottom: size - 1 - 4 * i, right: size - 1 - 2 * strip, width: 2)
            }
        }
        // Middle: columns 9 to size - 5, all rows but the timing row 6; the first strip stops below the top-right
        // finder's format information.
        let strips = version + 1
        let stacked = 8 + 2 * version
        for strip in 0..<strips {
            for i in 0..<stacked {
                if strip == 0 && i >= stacked - 4 { continue }
                if i == 0 && strip % 2 == 1 && strip != strips - 1 { continue }
                block(bottom: size - 1 - 2 * i - (i >= stacked - 3 ? 1 : 0), right: size - 5 - 4 * strip, width: 4)
            }
        }
        // Left: rows 9 to size - 9, between the format information columns of the two left finders.
        for right in [8, 5, 3, 1] {
            for i in 0..<version { block(bottom: size - 9 - 4 * i, right: right, width: 2) }
        }
        return result
    }
}
