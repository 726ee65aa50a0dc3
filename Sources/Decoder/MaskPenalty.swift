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
        var row = [Bool](repeating: false, count: size)
        var column = [Bool](repeating: false, count: size)
        for i in 0..<size {
            for j in 0..<size {
                row[j] = modules[i * size + j]
                column[j] = modules[j * size + i]
                if row[j] { dark += 1 }
                if i > 0, j > 0, row[j] == row[j - 1], row[j] == modules[(i - 1) * size + j],
                    row[j] == modules[(i - 1) * size + j - 1]
                {
                    blocks += 3
                }
            }
            adjacent += MaskPenalty.runScore(row) + MaskPenalty.runScore(column)
            finderLike += MaskPenalty.finderLikeScore(row) + MaskPenalty.finderLikeScore(column)
        }
        // segno: 10 * int(abs(dark / size**2 * 100 - 50) / 5), in binary floating point.
        let percent = Double(dark) / Double(size * size)
        self.adjacent = adjacent
        self.blocks = blocks
        self.finderLike = finderLike
        balance = 10 * Int(abs(percent * 100 - 50) / 5)
    }

    static func runScore(_ line: [Bool]) -> Int {
        var score = 0
        var run = 1
        for j in 1..<line.count {
            if line[j] == line[j - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        if run >= 5 { score += run - 2 }
        return score
    }

    private static let finderPattern: [Bool] = [true, false, true, true, true, false, true]

    /// N3 for one row or column, scanned as segno scans it.
    ///
    /// Finds dark-light-dark-dark-dark-light-dark from the left; it counts when up to four modules
    /// before it or up to four after it (fewer at an edge) are all light. After a counted match
    /// the scan resumes behind it, otherwise at the match's third dark module.
    static func finderLikeScore(_ line: [Bool]) -> Int {
        let size = line.count
        var score = 0
        var start = 0
        while let index = nextFinderPattern(in: line, from: start) {
            let lightBefore = !line[Swift.max(index - 4, 0)..<index].contains(true)
            let lightAfter = !line[(index + 7)..<Swift.min(index + 11, size)].contains(true)
            if lightBefore || lightAfter {
                score += 40
                start = index + 7
            } else {
                start = index + 4
            }
        }
        return score
    }

    private static func nextFinderPattern(in line: [Bool], from start: Int) -> Int? {
        guard start + 7 <= line.count else { return nil }
        search: for index in start...(line.count - 7) {
            for k in 0..<7 where line[index + k] != finderPattern[k] { continue search }
            return index
        }
        return nil
    }
}
