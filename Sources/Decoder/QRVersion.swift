/// A QR Code Model 2 version: 1 (21 x 21 modules) to 40 (177 x 177 modules).
///
/// The version fixes the symbol's size, its alignment patterns and, with the error-correction
/// level, how codewords are split into Reed-Solomon blocks (ISO/IEC 18004 tables 1 and 9).
public struct QRVersion: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The version number, 1 through 40.
    public let rawValue: Int

    /// Creates a version from its number.
    ///
    /// - Parameter rawValue: The version number.
    /// - Returns: `nil` unless the number is between 1 and 40.
    public init?(rawValue: Int) {
        guard (1...40).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Every version, smallest first.
    public static let all: [QRVersion] = (1...40).map { QRVersion(unchecked: $0) }

    /// The smallest version.
    public static let min = QRVersion(unchecked: 1)
    /// The largest version.
    public static let max = QRVersion(unchecked: 40)

    init(unchecked number: Int) {
        precondition((1...40).contains(number), "QR version \(number) outside 1...40")
        rawValue = number
    }

    /// The version number, as the standard prints it.
    public var description: String { String(rawValue) }

    /// Orders versions by size.
    public static func < (lhs: QRVersion, rhs: QRVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Modules per side: 17 + 4 x version.
    public var size: Int { 17 + 4 * rawValue }

    /// Centre coordinates of the alignment patterns along one axis (ISO/IEC 18004 annex E).
    ///
    /// Version 1 has none; every pair of these coordinates holds a pattern, except the three
    /// pairs that fall on a finder pattern.
    public var alignmentPatternCenters: [Int] {
        guard rawValue >= 2 else { return [] }
        let count = rawValue / 7 + 2
        let step = (rawValue * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var centers = [6]
        var position = size - 7
        var tail: [Int] = []
        for _ in 0..<(count - 1) {
            tail.append(position)
            position -= step
        }
        centers.append(contentsOf: tail.reversed())
        return centers
    }

    /// Modules available to codewords and remainder bits once function patterns are placed.
    var rawDataModules: Int {
        let v = rawValue
        var result = (16 * v + 128) * v + 64
        if v >= 2 {
            let alignments = v / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if v >= 7 { result -= 36 }
        }
        return result
    }

    /// All codewords of the symbol, data and error correction together.
    public var totalCodewords: Int { rawDataModules / 8 }

    /// Remainder bits after the last codeword (0, 3, 4 or 7).
    var remainderBits: Int { rawDataModules % 8 }

    /// How the symbol's codewords split into Reed-Solomon blocks at a level.
    ///
    /// - Parameter level: The error-correction level.
    /// - Returns: The blocks in placement order: the shorter blocks first.
    public func blocks(_ level: ErrorCorrectionLevel) -> BlockLayout {
        let ecPerBlock = Int(QRVersion.ecCodewordsPerBlock[level.tableIndex][rawValue])
        let blockCount = Int(QRVersion.blockCount[level.tableIndex][rawValue])
        let total = totalCodewords
        let shortBlockLength = total / blockCount
        let longBlocks = total % blockCount
        return BlockLayout(
            ecCodewordsPerBlock: ecPerBlock,
            shortBlockCount: blockCount - longBlocks,
            shortBlockDataCodewords: shortBlockLength - ecPerBlock,
            longBlockCount: longBlocks
        )
    }

    /// Data codewords (the payload's bit stream and its padding) at a level.
    ///
    /// - Parameter level: The error-correction level.
    /// - Returns: The capacity in 8-bit codewords.
    public func dataCodewords(_ level: ErrorCorrectionLevel) -> Int { blocks(level).dataCodewords }

    // ISO/IEC 18004 table 9, rows L, M, Q, H; index 0 is unused.
    static let ecCodewordsPerBlock: [[Int8]] = [
        [
            -1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28,
            30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28,
            28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ],
        [
            -1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30,
            28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
        [
            -1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30,
            30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ],
    ]

    static let blockCount: [[Int8]] = [
        [
            -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16,
            17, 18, 19, 19, 20, 21, 22, 24, 25,
        ],
        [
            -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
            29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
        ],
        [
            -1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35,
            38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
        ],
        [
            -1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42,
            45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        ],
    ]
}

/// How a symbol's codewords split into Reed-Solomon blocks.
///
/// Every block carries the same number of error-correction codewords; the long blocks carry one
/// data codeword more than the short ones and come after them.
public struct BlockLayout: Hashable, Sendable {
    /// Error-correction codewords in each block.
    public let ecCodewordsPerBlock: Int
    /// Number of short blocks, which come first.
    public let shortBlockCount: Int
    /// Data codewords in a short block; a long block has one more.
    public let shortBlockDataCodewords: Int
    /// Number of long blocks, which follow the short ones.
    public let longBlockCount: Int

    /// All blocks.
    public var blockCount: Int { shortBlockCount + longBlockCount }

    /// Data codewords in the whole symbol.
    public var dataCodewords: Int { blockCount * shortBlockDataCodewords + longBlockCount }

    /// Data codewords in block `index` (blocks counted from 0 in placement order).
    ///
    /// - Parameter index: The block's position.
    /// - Returns: Its number of data codewords.
    public func dataCodewords(inBlock index: Int) -> Int {
        index < shortBlockCount ? shortBlockDataCodewords : shortBlockDataCodewords + 1
    }
}
