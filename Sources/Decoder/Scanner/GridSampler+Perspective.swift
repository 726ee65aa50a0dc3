extension GridSampler {
    /// Where a ray from a finder's centre crosses the middle of its dark ring, in pixels from
    /// the centre; `nil` when the ray does not show centre, light ring, dark ring and separator
    /// in finder proportions.
    ///
    /// The ring's middle is the mean of its two edges, so ink spread or blur, which moves both
    /// edges the same way in opposite directions, does not move it. The threshold is the
    /// midpoint of the darkest and lightest samples along the ray, and each edge is placed
    /// between two samples by linear interpolation.
    static func ringMiddle(
        _ luma: LumaPlane,
        _ finder: FinderCandidate,
        directionX: Double,
        directionY: Double,
        reach: Double
    ) -> Double? {
        let step = Swift.max(0.5, reach / 96)
        let n = Int(reach / step) + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 128) { samples -> Double? in
            guard n <= samples.count else { return nil }
            var darkest = Int.max, lightest = Int.min
            let cx = Double(finder.x), cy = Double(finder.y)
            for k in 0..<n {
                let x = cx + Double(k) * step * directionX, y = cy + Double(k) * step * directionY
                guard x >= 0 && y >= 0 && x < Double(luma.width) && y < Double(luma.height) else { return nil }
                var v = luma.interpolated(x: Float(x), y: Float(y))
                if finder.inverted { v = 255 - v }
                samples[k] = v
                darkest = Swift.min(darkest, v)
                lightest = Swift.max(lightest, v)
            }
            guard lightest - darkest >= 24 else { return nil }
            // Twice the values against the sum: the threshold in half levels, no rounding.
            let threshold = darkest + lightest
            var edges: (Double, Double, Double) = (0, 0, 0)
            var found = 0
            var dark = 2 * samples[0] <= threshold
            guard dark else { return nil }
            for k in 1..<n {
                let nowDark = 2 * samples[k] <= threshold
                guard nowDark != dark else { continue }
                let a = Double(2 * samples[k - 1] - threshold), b = Double(2 * samples[k] - threshold)
                let at = (Double(k - 1) + a / (a - b)) * step
                switch found {
                case 0: edges.0 = at
                case 1: edges.1 = at
                default: edges.2 = at
                }
                found += 1
                dark = nowDark
                if found == 3 { break }
            }
            guard found == 3 else { return nil }
            // Edges at 1.5, 2.5 and 3.5 modules: loosely those proportions.
            let (e1, e2, e3) = edges
            guard e2 > e1 * 1.2 && e2 < e1 * 2.4 && e3 > e2 * 1.12 && e3 < e2 * 1.9 else { return nil }
            return (e2 + e3) / 2
        }
    }

    /// Measures where rays from each finder's centre cross the middle of its dark ring: rays
    /// at 0 and +-20 degrees of module space about each of the four directions, laid out with
    /// `guess`'s local module vectors, into ``rings``.
    ///
    /// The rays depend only on the finders and the directions of the module vectors, which an
    /// affine guess gives alike for every version, so one measurement serves every version tried.
    ///
    /// - Returns: The number of points measured (x, y and the finder and side, per point).
    func measureRings(
        _ luma: LumaPlane,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        guess: PerspectiveTransform
    ) -> Int {
        let s = Double(size)
        var count = 0
        for f in 0..<3 {
            let finder = f == 0 ? tl : f == 1 ? tr : bl
            let column = f == 1 ? s - 3.5 : 3.5, row = f == 2 ? s - 3.5 : 3.5
            let c = guess.map(column, row)
            let px = guess.map(column + 1, row), py = guess.map(column, row + 1)
            let ex = (px.x - c.x, px.y - c.y), ey = (py.x - c.x, py.y - c.y)
            let module = ((ex.0 * ex.0 + ex.1 * ex.1).squareRoot() + (ey.0 * ey.0 + ey.1 * ey.1).squareRoot()) / 2
            // The ring's outer edge is 3.5 modules out, 4.3 on the outer rays; a finder that
            // looks larger than the guess says (perspective) is allowed for.
            let reach = Swift.max(module, Double(finder.moduleSize)) * 6
            for side in 0..<4 {
                // Side 0 right, 1 bottom, 2 left, 3 up, in module space.
                let (nu, nv): (Double, Double) = side == 0 ? (1, 0) : side == 1 ? (0, 1) : side == 2 ? (-1, 0) : (0, -1)
                for k in 0..<3 {
                    let t = k == 0 ? 0 : k == 1 ? 0.364 : -0.364
                    // Module-space direction: the normal plus t times the tangent (-nv, nu).
                    let du = nu - t * nv, dv = nv + t * nu
                    var dx = du * ex.0 + dv * ey.0, dy = du * ex.1 + dv * ey.1
                    let length = (dx * dx + dy * dy).squareRoot()
                    guard length > 0 else { continue }
                    dx /= length
                    dy /= length
                    guard let middle = Self.ringMiddle(luma, finder, directionX: dx, directionY: dy, reach: reach)
                    else { continue }
                    rings[3 * count] = Double(finder.x) + middle * dx
                    rings[3 * count + 1] = Double(finder.y) + middle * dy
                    rings[3 * count + 2] = Double(f * 4 + side)
                    count += 1
                }
            }
        }
        return count
    }

    /// Adds the finder centres and the `ringCount` ring points of ``measureRings`` to `fit`, as
    /// the module rows and columns of a symbol of `size` modules they lie on.
    private func addFinders(
        _ fit: inout HomographyFit,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        ringCount: Int
    ) {
        let s = Double(size)
        fit.addPoint(x: Double(tl.x), y: Double(tl.y), column: 3.5, row: 3.5, weight: 4)
        fit.addPoint(x: Double(tr.x), y: Double(tr.y), column: s - 3.5, row: 3.5, weight: 4)
        fit.addPoint(x: Double(bl.x), y: Double(bl.y), column: 3.5, row: s - 3.5, weight: 4)
        for i in 0..<ringCount {
            let code = Int(rings[3 * i + 2])
            let f = code / 4, side = code % 4
            let column = f == 1 ? s - 3.5 : 3.5, row = f == 2 ? s - 3.5 : 3.5
            let x = rings[3 * i], y = rings[3 * i + 1]
            switch side {
            case 0: fit.addColumn(x: x, y: y, column: column + 3)
            case 1: fit.addRow(x: x, y: y, row: row + 3)
            case 2: fit.addColumn(x: x, y: y, column: column - 3)
            default: fit.addRow(x: x, y: y, row: row - 3)
            }
        }
    }

    /// The perspective the three finders show on their own: their centres and the lines of
    /// their dark rings (measured by ``measureRings``), fitted by least squares.
    ///
    /// For version 1, which has no alignment pattern, this is all there is to place the far
    /// corner; for larger versions it predicts where the alignment patterns are.
    func finderTransform(
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        ringCount: Int
    ) -> PerspectiveTransform? {
        // At least 18 of the 36 ring points.
        guard ringCount >= 18 else { return nil }
        var fit = HomographyFit(storage: fitStorage)
        let module = Double(tl.moduleSize + tr.moduleSize + bl.moduleSize) / 3
        fit.reset(x: Double(tl.x), y: Double(tl.y), module: module, size: size)
        addFinders(&fit, tl, tr, bl, size: size, ringCount: ringCount)
        return fit.solve(size: size)
    }
}

extension GridSampler {
    /// The centre of an alignment pattern near image point `x`, `y`, with module vectors `ex`,
    /// `ey` there: the best template position on a half-module grid within `reach` modules,
    /// then the middle of the plateau of near-best positions in eighths of a module around it.
    func locateAlignment(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Double,
        y: Double,
        _ ex: (Double, Double),
        _ ey: (Double, Double),
        reach: Int,
        inverted: Bool
    ) -> (x: Double, y: Double)? {
        let fx = (Float(ex.0), Float(ex.1)), fy = (Float(ey.0), Float(ey.1))
        let best = coarseAlignmentSearch(luma, binarizer, x: x, y: y, ex, ey, reach: reach, inverted: inverted)
        guard best.matches >= 22 else { return nil }
        // The fine scores, kept to find the plateau without reading them twice.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 81) { scores -> (x: Double, y: Double)? in
            var top = Int.min
            for j in -4...4 {
                for i in -4...4 {
                    let u = Double(i) * 0.125, v = Double(j) * 0.125
                    let px = best.x + u * ex.0 + v * ey.0, py = best.y + u * ex.1 + v * ey.1
                    let score = Self.localAlignmentScore(
                        luma,
                        binarizer,
                        x: Float(px),
                        y: Float(py),
                        fx,
                        fy,
                        inverted: inverted
                    ).sum
                    scores[(j + 4) * 9 + i + 4] = score
                    top = Swift.max(top, score)
                }
            }
            var sumX = 0.0, sumY = 0.0, n = 0.0
            for j in -4...4 {
                for i in -4...4 where scores[(j + 4) * 9 + i + 4] >= top - Swift.max(8, abs(top) / 50) {
                    let u = Double(i) * 0.125, v = Double(j) * 0.125
                    sumX += best.x + u * ex.0 + v * ey.0
                    sumY += best.y + u * ex.1 + v * ey.1
                    n += 1
                }
            }
            return n > 0 ? (sumX / n, sumY / n) : (best.x, best.y)
        }
    }

    /// For version 7 and up (several alignment patterns): every alignment pattern looked for
    /// where `guess` puts it, and the homography fitted through the finder centres and rings and
    /// every pattern found; `nil` when fewer than half of them are found.
    ///
    /// One homography for the whole symbol: a flat symbol seen in perspective, with the far
    /// patterns correcting what the finders alone extrapolate.
    func alignmentGridTransform(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        version: Int,
        guess: PerspectiveTransform,
        ringCount: Int
    ) -> PerspectiveTransform? {
        let size = 17 + 4 * version
        var fit = HomographyFit(storage: fitStorage)
        let module = Double(tl.moduleSize + tr.moduleSize + bl.moduleSize) / 3
        fit.reset(x: Double(tl.x), y: Double(tl.y), module: module, size: size)
        addFinders(&fit, tl, tr, bl, size: size, ringCount: ringCount)
        // Alignment pattern centres (ISO/IEC 18004 annex E), without an array.
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var found = 0, tried = 0
        for a in 0..<count {
            let row = a == 0 ? 6 : size - 7 - (count - 1 - a) * step
            for b in 0..<count {
                let column = b == 0 ? 6 : size - 7 - (count - 1 - b) * step
                // The three places a finder takes.
                if (a == 0 && b == 0) || (a == 0 && b == count - 1) || (a == count - 1 && b == 0) { continue }
                tried += 1
                let u = Double(column) + 0.5, v = Double(row) + 0.5
                let c = guess.map(u, v), px = guess.map(u + 1, v), py = guess.map(u, v + 1)
                guard
                    let centre = locateAlignment(
                        luma,
                        binarizer,
                        x: c.x,
                        y: c.y,
                        (px.x - c.x, px.y - c.y),
                        (py.x - c.x, py.y - c.y),
                        reach: 2,
                        inverted: tl.inverted
                    )
                else { continue }
                found += 1
                fit.addPoint(x: centre.x, y: centre.y, column: u, row: v, weight: 4)
            }
        }
        guard found * 2 >= tried else { return nil }
        return fit.solve(size: size)
    }
}
