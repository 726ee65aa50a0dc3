/// Where everything sits in a symbol of one version: function patterns, format and version
/// information, and the order in which data bits fill the remaining modules.
///
/// Shared by the encoder (to draw) and the grid decoder (to read), so both agree by construction.
struct QRLayout: Sendable {
    let version: QRVersion
    let size: Int
    /// `true` for modules that belong to a function pattern or to format/version information.
    let isFunction: [Bool]
    /// The modules drawn dark by the function patterns alone (finders, timing, alignment, the dark module).
    let functionPattern: QRMatrix
    /// Row-major module index of each data bit, first bit first (ISO/IEC 18004 7.7.3).
    let dataBitPositions: [Int32]

    /// The layouts of all 40 versions, built once.
    static let all: [QRLayout] = QRVersion.all.map(QRLayout.init(version:))

    /// The layout of one version.
    static func of(_ version: QRVersion) -> QRLayout { all[version.rawValue - 1] }

    init(version: QRVersion) {
        self.version = version
        let size = version.size
        self.size = size
        var function = [Bool](repeating: false, count: size * size)
        var pattern = QRMatrix(size: size)

        func set(_ row: Int, _ column: Int, _ dark: Bool) {
            function[row * size + column] = true
            pattern[row, column] = dark
        }

        // Timing patterns.
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        // Finder patterns with their separators.
        for (centerRow, centerColumn) in [(3, 3), (3, size - 4), (size - 4, 3)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let row = centerRow + dy
                    let column = centerColumn + dx
                    guard (0..<size).contains(row), (0..<size).contains(column) else { continue }
                    let distance = Swift.max(abs(dx), abs(dy))
                    set(row, column, distance != 2 && distance != 4)
                }
            }
        }
        // Alignment patterns, except where they would overlap a finder.
        let centers = version.alignmentPatternCenters
        let last = centers.count - 1
        for (i, centerRow) in centers.enumerated() {
            for (j, centerColumn) in centers.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        set(centerRow + dy, centerColumn + dx, Swift.max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
        // Format information (reserved here, written per symbol) and the always-dark module.
        for (row, column) in QRLayout.formatPositions(size: size, copy: 0) { set(row, column, false) }
        for (row, column) in QRLayout.formatPositions(size: size, copy: 1) { set(row, column, false) }
        set(size - 8, 8, true)
        // Version information from version 7 on.
        if version.rawValue >= 7 {
            for (row, column) in QRLayout.versionPositions(size: size, copy: 0) { set(row, column, false) }
            for (row, column) in QRLayout.versionPositions(size: size, copy: 1) { set(row, column, false) }
        }

        // Data bits: two-column strips from the right, alternately upward and downward,
        // skipping the vertical timing column.
        var positions: [Int32] = []
        positions.reserveCapacity(version.rawDataModules)
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let row = upward ? size - 1 - vertical : vertical
                for j in 0..<2 {
                    let index = row * size + right - j
                    if !function[index] { positions.append(Int32(index)) }
                }
            }
            right -= 2
        }
        precondition(positions.count == version.rawDataModules, "layout of version \(version) miscounts modules")
        isFunction = function
        functionPattern = pattern
        dataBitPositions = positions
    }

    /// The 15 modules of one copy of the format information, bit 0 (least significant) first.
    ///
    /// Copy 0 wraps the top-left finder; copy 1 is split between the top-right and bottom-left ones.
    static func formatPositions(size: Int, copy: Int) -> [(row: Int, column: Int)] {
        var result: [(row: Int, column: Int)] = []
        if copy == 0 {
            for i in 0...5 { result.append((i, 8)) }
            result.append((7, 8))
            result.append((8, 8))
            result.append((8, 7))
            for i in 9..<15 { result.append((8, 14 - i)) }
        } else {
            for i in 0..<8 { result.append((8, size - 1 - i)) }
            for i in 8..<15 { result.append((size - 15 + i, 8)) }
        }
        return result
    }

    /// The 18 modules of one copy of the version information, bit 0 (least significant) first.
    ///
    /// Copy 0 is the block left of the top-right finder (6 rows x 3 columns); copy 1 is its
    /// transpose above the bottom-left finder.
    static func versionPositions(size: Int, copy: Int) -> [(row: Int, column: Int)] {
        (0..<18).map { i in
            let a = size - 11 + i % 3
            let b = i / 3
            return copy == 0 ? (b, a) : (a, b)
        }
    }
}
