extension GridSampler {
    /// The coarse alignment pattern search: the template's score at every position of a
    /// half-module grid within `reach` modules of image point `x`, `y` (module vectors `ex`,
    /// `ey`), and the best position, the first of equals in row order.
    ///
    /// The template's 25 modules sit a whole module apart and the positions half a module, so
    /// every module of every position falls on one lattice of half-module steps, (4 reach + 9)
    /// points a side. Each lattice point is read once, at its nearest pixel, as its signed
    /// darkness against the local threshold clamped to +-64 (what the template adds up), and
    /// each position sums 25 of them: about 450 pixel reads for the 13 x 13 positions of a
    /// small symbol where reading each position's template took some 4,000. A position's
    /// centre module must be dark (light, inverted) before the rest is summed, and a position
    /// with a module outside the frame scores `Int.min / 2`, as
    /// ``localAlignmentScore(_:_:x:y:_:_:inverted:toBeat:)`` does; the lattice points are
    /// placed in `Double` from the search's centre, so a module can land on the neighbouring
    /// pixel where the per-position `Float` walk put it, when it is within a rounding error of
    /// the pixel's edge.
    ///
    /// - Returns: The best sum, its matching modules, and its position.
    static func coarseAlignmentSearch(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Double,
        y: Double,
        _ ex: (Double, Double),
        _ ey: (Double, Double),
        reach: Int,
        inverted: Bool
    ) -> (sum: Int, matches: Int, x: Double, y: Double) {
        let side = 4 * reach + 9
        let half = 2 * reach + 4
        // Outside the frame: no module value is this low.
        let outside = Int8.min
        return withUnsafeTemporaryAllocation(of: Int8.self, capacity: side * side) { lattice in
            let values = lattice.baseAddress.unsafelyUnwrapped
            let w = Float(luma.width), h = Float(luma.height)
            for b in 0..<side {
                let v = Double(b - half) * 0.5
                for a in 0..<side {
                    let u = Double(a - half) * 0.5
                    let px = Float(x + u * ex.0 + v * ey.0)
                    let py = Float(y + u * ex.1 + v * ey.1)
                    guard px >= 0 && py >= 0 && px < w && py < h else {
                        values[b &* side &+ a] = outside
                        continue
                    }
                    let ix = Truncation.int(px), iy = Truncation.int(py)
                    let d = binarizer.threshold(x: ix, y: iy) &- Int(luma[ix, iy])
                    values[b &* side &+ a] = Int8(Swift.max(Swift.min(d, 64), -64))
                }
            }
            // The centre module wants d >= 0 (a dark pixel, at most its threshold), unless
            // inverted; a template module is dark unless on the ring one module out.
            var best = (sum: Int.min, matches: 0, x: x, y: y)
            for j in -2 * reach...2 * reach {
                for i in -2 * reach...2 * reach {
                    let centre = (j &+ half) &* side &+ (i &+ half)
                    let c = values[centre]
                    guard c != outside, (c >= 0) != inverted else { continue }
                    var sum = 0
                    var matches = 0
                    var inside = true
                    rows: for dr in -2...2 {
                        for dc in -2...2 {
                            let value = values[centre &+ 2 &* dr &* side &+ 2 &* dc]
                            if value == outside {
                                inside = false
                                break rows
                            }
                            let dark = Swift.max(abs(dr), abs(dc)) != 1
                            let signed = (dark != inverted) ? Int(value) : -Int(value)
                            sum &+= signed
                            if signed > 0 { matches &+= 1 }
                        }
                        // No better than the best even with the rest at +64: not kept anyway.
                        if sum &+ 64 &* 5 &* (2 &- dr) <= best.sum { break rows }
                    }
                    if !inside { (sum, matches) = (Int.min / 2, 0) }
                    if sum > best.sum {
                        let u = Double(i) * 0.5, v = Double(j) * 0.5
                        best = (sum, matches, x + u * ex.0 + v * ey.0, y + u * ex.1 + v * ey.1)
                    }
                }
            }
            return best
        }
    }
}
