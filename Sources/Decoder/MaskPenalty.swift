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
        // Bool and UInt8 share their layout (one byte, 0 or 1); bytes let the loops below count
        // with arithmetic instead of unpredictable branches on random data.
        modules.withUnsafeBytes { raw in
            let grid = raw.bindMemory(to: UInt8.self)
            for i in 0..<size {
                let rowStart = i * size
                adjacent += MaskPenalty.runScore(grid, start: rowStart, step: 1, count: size)
                adjacent += MaskPenalty.runScore(grid, start: i, step: size, count: size)
                finderLike += MaskPenalty.finderLikeScore(grid, start: rowStart, step: 1, count: size)
                finderLike += MaskPenalty.finderLikeScore(grid, start: i, step: size, count: size)
                for j in 0..<size { dark += Int(grid[rowStart + j]) }
                guard i > 0 else { continue }
                let above = rowStart - size
                var sameBlocks = 0
                for j in 1..<size {
                    let module = grid[rowStart + j]
                    let differences =
                        (module ^ grid[rowStart + j - 1]) | (module ^ grid[above + j])
                        | (module ^ grid[above + j - 1])
                    sameBlocks += Int(1 ^ differences)
                }
                blocks += 3 * sameBlocks
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
        line.withUnsafeBytes { runScore($0.bindMemory(to: UInt8.self), start: 0, step: 1, count: line.count) }
    }

    /// N3 for one row or column given as an array.
    static func finderLikeScore(_ line: [Bool]) -> Int {
        line.withUnsafeBytes { finderLikeScore($0.bindMemory(to: UInt8.self), start: 0, step: 1, count: line.count) }
    }

    /// N1 for the `count` modules (0 or 1) at `start`, `start + step`, ...: 3 + (run - 5) per run
    /// of 5 or more.
    private static func runScore(_ grid: UnsafeBufferPointer<UInt8>, start: Int, step: Int, count: Int) -> Int {
        var score = 0
        var run = 1
        var previous = grid[start]
        for k in 1..<count {
            let module = grid[start + k * step]
            let same = Int(1 ^ (module ^ previous))
            let ends = (1 - same) & (run >= 5 ? 1 : 0)
            score += ends * (run - 2)
            run = run * same + 1
            previous = module
        }
        if run >= 5 { score += run - 2 }
        return score
    }

    /// N3 for the `count` modules (0 or 1) at `start`, `start + step`, ..., counted as segno counts.
    ///
    /// segno finds dark-light-dark-dark-dark-light-dark from the left; a match counts when up to
    /// four modules before it or up to four after it (fewer at an edge) are all light. After a
    /// counted match segno resumes behind it, otherwise at the match's third dark module. The
    /// pattern can only overlap itself at shifts 4 and 6, so this is the same as taking every
    /// match from left to right, except those that start inside a counted one.
    private static func finderLikeScore(
        _ grid: UnsafeBufferPointer<UInt8>,
        start: Int,
        step: Int,
        count: Int
    ) -> Int {
        func anyDark(_ range: Range<Int>) -> Bool {
            for k in range where grid[start + k * step] != 0 { return true }
            return false
        }
        var score = 0
        var window: UInt8 = 0
        var allowedFrom = 0
        for k in 0..<count {
            window = (window << 1 | grid[start + k * step]) & 0x7F
            guard window == 0b101_1101, k >= 6 else { continue }
            let index = k - 6
            guard index >= allowedFrom else { continue }
            if !anyDark(Swift.max(index - 4, 0)..<index) || !anyDark((index + 7)..<Swift.min(index + 11, count)) {
                score += 40
                allowedFrom = index + 7
            }
        }
        return score
    }
}
