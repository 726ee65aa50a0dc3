/// The penalty score of a masked symbol (ISO/IEC 18004 7.8.3.1, table 11), computed exactly as
/// segno 1.6 computes it so that both pick the same mask.
///
/// The encoder scores each of the eight masked symbols before the format and version
/// information are written (those modules, and the dark module, count as light) and keeps
/// the lowest score; on a tie the lower mask reference wins.
struct MaskPenalty: Hashable, Sendable {
    /// N1: runs of five or more same-coloured modules in a row or column, 3 + (run - 5) each.
    let adjacent: Int
    /// N2: 2 x 2 blocks of one colour, 3 each (overlapping blocks all count).
    let blocks: Int
    /// N3: 1:1:3:1:1 finder-like patterns with 4 light modules (or the edge) on one side, 40 each.
    let finderLike: Int
    /// N4: 10 for each full 5 % the dark proportion deviates from 50 %.
    let balance: Int

    /// The sum the mask choice minimises.
    var total: Int { adjacent + blocks + finderLike + balance }

    /// Scores a square grid given row-major, `true` for dark.
    init(modules: [Bool], size: Int) {
        precondition(modules.count == size * size, "penalty of a grid that is not \(size) x \(size)")
        var adjacent = 0
        var blocks = 0
        var finderLike = 0
        var dark = 0
        modules.withUnsafeBufferPointer { grid in
            for i in 0..<size {
                let rowStart = i * size
                adjacent += MaskPenalty.runScore(grid, start: rowStart, step: 1, count: size)
                adjacent += MaskPenalty.runScore(grid, start: i, step: size, count: size)
                finderLike += MaskPenalty.finderLikeScore(grid, start: rowStart, step: 1, count: size)
                finderLike += MaskPenalty.finderLikeScore(grid, start: i, step: size, count: size)
                for j in 0..<size where grid[rowStart + j] { dark += 1 }
                guard i > 0 else { continue }
                let above = rowStart - size
                for j in 1..<size {
                    let module = grid[rowStart + j]
                    if module == grid[rowStart + j - 1], module == grid[above + j], module == grid[above + j - 1] {
                        blocks += 3
                    }
                }
            }
        }
        // segno: 10 * int(abs(dark / size**2 * 100 - 50) / 5), in binary floating point.
        let percent = Double(dark) / Double(size * size)
        self.adjacent = adjacent
        self.blocks = blocks
        self.finderLike = finderLike
        balance = 10 * Int(abs(percent * 100 - 50) / 5)
    }

    /// N1 for one row or column given as an array.
    static func runScore(_ line: [Bool]) -> Int {
        line.withUnsafeBufferPointer { runScore($0, start: 0, step: 1, count: line.count) }
    }

    /// N3 for one row or column given as an array.
    static func finderLikeScore(_ line: [Bool]) -> Int {
        line.withUnsafeBufferPointer { finderLikeScore($0, start: 0, step: 1, count: line.count) }
    }

    /// N1 for the `count` modules at `start`, `start + step`, ...: 3 + (run - 5) per run of 5 or more.
    private static func runScore(_ grid: UnsafeBufferPointer<Bool>, start: Int, step: Int, count: Int) -> Int {
        var score = 0
        var run = 1
        var previous = grid[start]
        for k in 1..<count {
            let module = grid[start + k * step]
            if module == previous {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
                previous = module
            }
        }
        if run >= 5 { score += run - 2 }
        return score
    }

    /// N3 for the `count` modules at `start`, `start + step`, ..., scanned as segno scans it.
    ///
    /// Finds dark-light-dark-dark-dark-light-dark from the left; it counts when up to four modules
    /// before it or up to four after it (fewer at an edge) are all light. After a counted match
    /// the scan resumes behind it, otherwise at the match's third dark module.
    private static func finderLikeScore(_ grid: UnsafeBufferPointer<Bool>, start: Int, step: Int, count: Int) -> Int {
        @inline(__always) func at(_ k: Int) -> Bool { grid[start + k * step] }
        func anyDark(_ range: Range<Int>) -> Bool {
            for k in range where at(k) { return true }
            return false
        }
        var score = 0
        var index = 0
        while index + 7 <= count {
            guard at(index), !at(index + 1), at(index + 2), at(index + 3), at(index + 4), !at(index + 5), at(index + 6)
            else {
                index += 1
                continue
            }
            if !anyDark(Swift.max(index - 4, 0)..<index) || !anyDark((index + 7)..<Swift.min(index + 11, count)) {
                score += 40
                index += 7
            } else {
                index += 4
            }
        }
        return score
    }
}
