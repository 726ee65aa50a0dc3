extension GridSampler {
    /// The bottom-right alignment pattern's centre to an eighth of a module, from the coarse
    /// search's best half-module position `x`, `y` (module vectors `ex`, `ey` there).
    ///
    /// The 7 x 7 positions an eighth of a module apart around it are each scored through the
    /// homography that puts the pattern there (``alignmentScore(_:_:_:centre:inverted:)``'s
    /// sum, read bilinearly). Scores are flat while every sample stays inside its module, so
    /// the centre is that plateau's: the mean of the positions scoring at least
    /// `plateau(best)`, the best less a fiftieth of it (at least 8).
    ///
    /// The middle position, the coarse best, is scored first. A position that cannot reach
    /// the plateau of the best so far is left unfinished: the plateau's floor only rises with
    /// the best, so such a position is in neither the final plateau nor the best, and the
    /// centre is the one every position scored in full gives.
    ///
    /// - Returns: The centre; `x`, `y` when no position has a transform.
    static func refineAlignment(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        x baseX: Double,
        y baseY: Double,
        _ ex: (Double, Double),
        _ ey: (Double, Double)
    ) -> (x: Double, y: Double) {
        let inverted = tl.inverted
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 49) { scores -> (x: Double, y: Double) in
            // No transform at that position; a position left unfinished.
            let none = Int.min
            let below = Int.min + 1
            var fineBest = Int.min
            for k in 0..<49 {
                // The middle (index 24) first, then the others in row order.
                let index = k == 0 ? 24 : (k <= 24 ? k - 1 : k)
                let i = index % 7 - 3, j = index / 7 - 3
                let u = Double(i) * 0.125, v = Double(j) * 0.125
                let x = baseX + u * ex.0 + v * ey.0
                let y = baseY + u * ex.1 + v * ey.1
                guard let t = alignedTransform(tl, tr, bl, size: size, x: x, y: y) else {
                    scores[index] = none
                    continue
                }
                let floor = fineBest == Int.min ? Int.min : plateau(fineBest)
                let score = alignmentSum(luma, binarizer, t, centre: size - 7, inverted: inverted, floor: floor)
                scores[index] = score ?? below
                if let score { fineBest = Swift.max(fineBest, score) }
            }
            var sumX = 0.0, sumY = 0.0, n = 0.0
            for j in -3...3 {
                for i in -3...3 {
                    let score = scores[(j + 3) * 7 + i + 3]
                    guard score != none, score != below, score >= plateau(fineBest) else { continue }
                    let u = Double(i) * 0.125, v = Double(j) * 0.125
                    sumX += baseX + u * ex.0 + v * ey.0
                    sumY += baseY + u * ex.1 + v * ey.1
                    n += 1
                }
            }
            return n > 0 ? (sumX / n, sumY / n) : (baseX, baseY)
        }
    }

    /// The lowest score on the plateau of a best score `top`: `top` less a fiftieth of it, at
    /// least 8. Never falls as `top` rises.
    @inline(__always)
    static func plateau(_ top: Int) -> Int { top - Swift.max(8, abs(top) / 50) }

    /// The summed signed darkness of ``alignmentScore(_:_:_:centre:inverted:)``, or `nil` as
    /// soon as the sum cannot reach `floor` (after each row of the template, with the rest at
    /// the most a module adds, 64). A template reaching outside the frame sums to `Int.min / 2`.
    static func alignmentSum(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ transform: PerspectiveTransform,
        centre: Int,
        inverted: Bool,
        floor: Int
    ) -> Int? {
        var sum = 0
        for dr in -2...2 {
            for dc in -2...2 {
                let dark = Swift.max(abs(dr), abs(dc)) != 1
                guard
                    let d = darkness(
                        luma,
                        binarizer,
                        transform,
                        column: Double(centre + dc) + 0.5,
                        row: Double(centre + dr) + 0.5,
                        inverted: inverted
                    )
                else { return Int.min / 2 }
                let signed = dark ? d : -d
                sum &+= Swift.max(Swift.min(signed, 64), -64)
            }
            if sum &+ 64 &* 5 &* (2 &- dr) < floor { return nil }
        }
        return sum
    }
}
