import Testing

@testable import Decoder

@Suite struct MaskPenaltyTests {
    private func line(_ pattern: String) -> [Bool] { pattern.map { $0 == "#" } }

    @Test func runsOfFiveOrMoreScoreThreePlusTheExcess() {
        #expect(MaskPenalty.runScore(line("#####....")) == 3)
        #expect(MaskPenalty.runScore(line("#######.#")) == 5)
        #expect(MaskPenalty.runScore(line("####.####")) == 0)
        #expect(MaskPenalty.runScore(line(".....#.....")) == 6)
    }

    @Test func finderLikePatternsNeedFourLightModulesOnOneSide() {
        #expect(MaskPenalty.finderLikeScore(line("....#.###.#")) == 40)
        #expect(MaskPenalty.finderLikeScore(line("#.###.#....")) == 40)
        #expect(MaskPenalty.finderLikeScore(line("#...#.###.#...#")) == 0)
        // At an edge fewer than four light modules suffice (the quiet zone is light).
        #expect(MaskPenalty.finderLikeScore(line(".#.###.##")) == 40)
        // Two separate patterns each with light space.
        #expect(MaskPenalty.finderLikeScore(line("#.###.#....#.###.#")) == 80)
        // segno resumes behind a counted match, so an overlapping second one is not seen.
        #expect(MaskPenalty.finderLikeScore(line("....#.###.###.#....")) == 40)
    }

    @Test func blocksAndBalance() {
        // 4 x 4 all dark: N1 4 rows + 4 columns of 4 (no score), N2 nine 2 x 2 blocks, N4 100 % dark.
        let dark = MaskPenalty(modules: [Bool](repeating: true, count: 16), size: 4)
        #expect(dark.adjacent == 0 && dark.blocks == 27 && dark.finderLike == 0 && dark.balance == 100)
        // A 2 x 2 checkerboard tile repeated: no runs, no blocks, exactly half dark.
        let checker = (0..<36).map { ($0 / 6 + $0 % 6) % 2 == 0 }
        let score = MaskPenalty(modules: checker, size: 6)
        #expect(score.total == 0)
        // 45 % dark is one full 5 % step away from half: 10.
        let some = (0..<100).map { $0 < 45 }
        #expect(MaskPenalty(modules: some, size: 10).balance == 10)
        #expect(MaskPenalty(modules: (0..<100).map { $0 < 46 }, size: 10).balance == 0)
    }

    @Test func automaticMaskHasTheLowestPenalty() throws {
        for text in ["KIOSKD", "https://example.org/v/K-000123", "0123456789"] {
            let code = try QREncoder(level: .medium).encode(text)
            let layout = QRLayout.of(code.version)
            let stream = QREncoder.dataStream(
                code.segments,
                structuredAppend: nil,
                version: code.version,
                level: .medium
            )
            let grid = QREncoder.unmaskedGrid(
                QREncoder.interleave(stream, layout: code.version.blocks(.medium)),
                layout: layout
            )
            let scores = QRMask.all.map {
                MaskPenalty(modules: QREncoder.apply($0, to: grid, layout: layout), size: layout.size).total
            }
            #expect(scores[code.mask.rawValue] == scores.min())
            #expect(scores.firstIndex(of: scores.min()!) == code.mask.rawValue)
        }
    }
}
