extension GridSampler {
    /// The finder with its centre moved to the centroid of its 3 x 3-module centre square.
    ///
    /// The row hit and the column and row cuts place a centre to half a pixel along each axis,
    /// and a sheared or rotated finder's column midpoint drifts off the centre by the shear; at
    /// 3 px a module, half a pixel at each finder puts the far modules half a module out. The
    /// centroid of the centre square is where an affine view puts the centre, read from every
    /// pixel of the square: the square is traced row by row, each row's run overlapping the
    /// previous one, as it is convex. When the square touches its ring (blur, small modules) the
    /// trace outgrows the square's bounds and the finder is returned as it was.
    static func centredFinder(_ luma: LumaPlane, _ binarizer: Binarizer, _ finder: FinderCandidate) -> FinderCandidate {
        let x0 = Int(finder.x), y0 = Int(finder.y)
        guard x0 >= 0 && y0 >= 0 && x0 < luma.width && y0 < luma.height else { return finder }
        let inverted = finder.inverted
        @inline(__always) func on(_ x: Int, _ y: Int) -> Bool { binarizer.isDark(luma, x: x, y: y) != inverted }
        guard on(x0, y0) else { return finder }
        // A 3-module square is at most 4.25 modules across (on its diagonal).
        let longestRun = Int(finder.moduleSize * 4.6) + 2
        let reach = Int(finder.moduleSize * 2.4) + 2
        var sumX = 0, sumY = 0, count = 0
        // The run through `x`, `y` (known on): its first pixel and its end; nil when too long.
        @inline(__always) func run(_ x: Int, _ y: Int) -> (Int, Int)? {
            var l = x, r = x + 1
            while l > 0 && on(l - 1, y) {
                l -= 1
                if r - l > longestRun { return nil }
            }
            while r < luma.width && on(r, y) {
                r += 1
                if r - l > longestRun { return nil }
            }
            return (l, r)
        }
        guard let first = run(x0, y0) else { return finder }
        // Sums in half pixels: a run from l to r has its centre at (l + r) / 2.
        sumX += (first.0 + first.1) * (first.1 - first.0)
        sumY += (2 * y0 + 1) * (first.1 - first.0)
        count += first.1 - first.0
        for direction in 0..<2 {
            let step = direction == 0 ? -1 : 1
            var previous = first
            var y = y0 + step
            while y >= 0 && y < luma.height {
                // The pixel of the previous run's span nearest its middle that is on.
                let middle = (previous.0 + previous.1) / 2
                var found = -1
                var k = 0
                while found < 0 && (middle - k >= previous.0 || middle + k < previous.1) {
                    if middle + k < previous.1 && on(middle + k, y) {
                        found = middle + k
                    } else if middle - k >= previous.0 && on(middle - k, y) {
                        found = middle - k
                    }
                    k += 1
                }
                guard found >= 0 else { break }
                guard abs(y - y0) <= reach, let next = run(found, y) else { return finder }
                sumX += (next.0 + next.1) * (next.1 - next.0)
                sumY += (2 * y + 1) * (next.1 - next.0)
                count += next.1 - next.0
                previous = next
                y += step
            }
            guard y >= 0 && y < luma.height else { return finder }
        }
        // Fewer pixels than a 3-module square of half the module size: not the centre square.
        let area = Float(count)
        let expected = finder.moduleSize * finder.moduleSize * 9
        guard area > expected * 0.3 && area < expected * 2.2 else { return finder }
        var refined = finder
        refined.x = Float(sumX) / (2 * area)
        refined.y = Float(sumY) / (2 * area)
        // The centroid stays within a module of the cuts' centre, or the trace was not the square.
        guard abs(refined.x - finder.x) < finder.moduleSize && abs(refined.y - finder.y) < finder.moduleSize else {
            return finder
        }
        return refined
    }
}
