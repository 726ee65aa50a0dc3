extension GridSampler {
    /// The largest reach, in modules, of ``coarseAlignmentSearch(_:_:x:y:_:_:reach:inverted:)``.
    static let latticeReach = 8

    /// Points a side of the largest lattice: positions within `latticeReach` modules in half
    /// modules, and the template's two modules beyond them.
    static let latticeSide = 4 * latticeReach + 9

    /// The lattice's planes, allocated once: the values, the outside flags, and the two
    /// horizontal window sums of each (five and three points).
    static let latticeStorageCount = 5 * latticeSide * latticeSide

    /// The coarse alignment pattern search: the template's score at every position of a
    /// half-module grid within `reach` modules of image point `x`, `y` (module vectors `ex`,
    /// `ey`), and the best position, the first of equals in row order.
    ///
    /// The template's 25 modules sit a whole module apart and the positions half a module, so
    /// every module of every position falls on one lattice of half-module steps, (4 reach + 9)
    /// points a side. Each lattice point is read once, at its nearest pixel, as its signed
    /// darkness against the local threshold clamped to +-64 (what the template adds up). The
    /// template is the 5 x 5 square of modules less twice its ring of 8 (dark modules count
    /// for a dark pattern, light ones against), so a position's sum is two box sums over the
    /// lattice points two steps apart, each summed separably: along the rows once for the
    /// whole lattice, then down the columns per position. A position's centre module must be
    /// dark (light, inverted), and one with a module outside the frame scores `Int.min / 2`,
    /// as ``localAlignmentScore(_:_:x:y:_:_:inverted:)`` does; the modules matching their
    /// colour are counted for the best position alone. The lattice points are placed in
    /// `Double` from the search's centre, so a module can land on the neighbouring pixel where
    /// a per-position `Float` walk put it, when it is within a rounding error of the pixel's
    /// edge.
    ///
    /// Reads and writes ``lattice``; allocates nothing.
    ///
    /// - Parameter reach: At most ``latticeReach``.
    /// - Returns: The best sum, its matching modules, and its position.
    func coarseAlignmentSearch(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Double,
        y: Double,
        _ ex: (Double, Double),
        _ ey: (Double, Double),
        reach: Int,
        inverted: Bool
    ) -> (sum: Int, matches: Int, x: Double, y: Double) {
        precondition(reach >= 0 && reach <= Self.latticeReach, "alignment search reach out of range")
        let side = 4 * reach + 9
        let half = 2 * reach + 4
        let plane = Self.latticeSide * Self.latticeSide
        let values = lattice
        let outside = lattice + plane
        let rows5 = lattice + 2 * plane
        let rows3 = lattice + 3 * plane
        let outsideRows5 = lattice + 4 * plane
        let w = Float(luma.width), h = Float(luma.height)
        for b in 0..<side {
            let v = Double(b - half) * 0.5
            for a in 0..<side {
                let u = Double(a - half) * 0.5
                let px = Float(x + u * ex.0 + v * ey.0)
                let py = Float(y + u * ex.1 + v * ey.1)
                let at = b &* side &+ a
                guard px >= 0 && py >= 0 && px < w && py < h else {
                    values[at] = 0
                    outside[at] = 1
                    continue
                }
                let ix = Truncation.int(px), iy = Truncation.int(py)
                let d = binarizer.threshold(x: ix, y: iy) &- Int(luma[ix, iy])
                values[at] = Int16(Swift.max(Swift.min(d, 64), -64))
                outside[at] = 0
            }
        }
        // Along the rows: the sums of the five (three) points two steps apart around each
        // point, for the columns positions use (4 ..< side - 4).
        for b in 0..<side {
            let row = b &* side
            for a in 4..<(side - 4) {
                let at = row &+ a
                let inner = Int(values[at &- 2]) &+ Int(values[at]) &+ Int(values[at &+ 2])
                rows3[at] = Int16(truncatingIfNeeded: inner)
                rows5[at] = Int16(truncatingIfNeeded: inner &+ Int(values[at &- 4]) &+ Int(values[at &+ 4]))
                outsideRows5[at] = outside[at &- 4] &+ outside[at &- 2] &+ outside[at] &+ outside[at &+ 2]
                    &+ outside[at &+ 4]
            }
        }
        // The centre module wants d >= 0 (a dark pixel, at most its threshold), unless inverted;
        // the sum counts the dark modules (square less ring) for, the ring against.
        let sign = inverted ? -1 : 1
        var best = (sum: Int.min, at: -1, x: x, y: y)
        let up2 = 2 &* side, up4 = 4 &* side
        for j in -2 * reach...2 * reach {
            for i in -2 * reach...2 * reach {
                let at = (j &+ half) &* side &+ (i &+ half)
                let c = Int(values[at])
                guard outside[at] == 0, (c >= 0) != inverted else { continue }
                let out = outsideRows5[at &- up4] &+ outsideRows5[at &- up2] &+ outsideRows5[at]
                    &+ outsideRows5[at &+ up2] &+ outsideRows5[at &+ up4]
                var sum = Int.min / 2
                if out == 0 {
                    let square = Int(rows5[at &- up4]) &+ Int(rows5[at &- up2]) &+ Int(rows5[at])
                        &+ Int(rows5[at &+ up2]) &+ Int(rows5[at &+ up4])
                    let ring = Int(rows3[at &- up2]) &+ Int(rows3[at]) &+ Int(rows3[at &+ up2]) &- c
                    sum = sign &* (square &- 2 &* ring)
                }
                if sum > best.sum {
                    let u = Double(i) * 0.5, v = Double(j) * 0.5
                    best = (sum, at, x + u * ex.0 + v * ey.0, y + u * ex.1 + v * ey.1)
                }
            }
        }
        guard best.at >= 0, best.sum != Int.min / 2 else { return (best.sum, 0, best.x, best.y) }
        var matches = 0
        for dr in -2...2 {
            for dc in -2...2 {
                let value = Int(values[best.at &+ 2 &* dr &* side &+ 2 &* dc])
                let dark = Swift.max(abs(dr), abs(dc)) != 1
                if (dark ? value : -value) &* sign > 0 { matches &+= 1 }
            }
        }
        return (best.sum, matches, best.x, best.y)
    }
}
