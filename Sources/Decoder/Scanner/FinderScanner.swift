/// Finds finder patterns: scans rows for 1:1:3:1:1 runs of either polarity in one pass, then
/// confirms each hit on its column, its row again and a diagonal (as quirc and ZXing do).
///
/// Both polarities come from the same runs: a pattern whose centre run is dark belongs to a
/// dark-on-light code, one whose centre run is light to an inverted code, so inverted codes cost
/// no second pass. Candidates live in a fixed-capacity buffer allocated once.
struct FinderScanner {
    /// Room for this many candidates per frame; further ones are dropped.
    let capacity: Int
    /// The candidates found in the current frame.
    let candidates: UnsafeMutablePointer<FinderCandidate>
    /// Candidates in use.
    private(set) var count = 0
    /// The row pass: where the 1:1:3:1:1 runs are.
    private let rows: FinderRowScan
    /// The latest row hits whose column cut failed, this frame (``repeatsRejectedCut``).
    let rejectedCuts: UnsafeMutablePointer<RejectedColumnCut>
    /// Entries of ``rejectedCuts`` in use.
    var rejectedCount = 0
    /// The entry of ``rejectedCuts`` to write next.
    var rejectedNext = 0

    /// Sizes the scanner for frames `width` pixels wide.
    init(width: Int, capacity: Int) {
        self.capacity = capacity
        candidates = .allocate(capacity: capacity)
        rows = FinderRowScan(width: width)
        rejectedCuts = .allocate(capacity: Self.rejectedCutCapacity)
    }

    /// Frees the buffers; the owner calls it once, from its `deinit`.
    func deallocate() {
        candidates.deallocate()
        rows.deallocate()
        rejectedCuts.deallocate()
    }

    /// Scans the whole plane and leaves the confirmed candidates in ``candidates``.
    mutating func scan(_ luma: LumaPlane, _ binarizer: Binarizer) {
        count = 0
        rejectedCount = 0
        rejectedNext = 0
        let shift = binarizer.blockShift
        let mask = (1 << shift) - 1
        // Every second row: a finder's centre is at least 3 modules of 1.5 px tall, so it is
        // crossed at least twice; the confirming cuts then look at every pixel. A copy of the
        // row pass's pointers, as confirming a hit changes `self`.
        let rows = self.rows
        var y = 0
        while y < luma.height {
            if y & mask == 0 { rows.expandThresholds(binarizer, blockRow: y >> shift) }
            rows.forEachHit(luma, y: y) { centre, total, inverted in
                confirm(luma, binarizer, x: centre, y: y, total: total, inverted: inverted)
            }
            y += 2
        }
    }

    /// Whether five runs have the 1:1:3:1:1 proportions within three quarters of a module (a
    /// module being the total over 7): the row pass allows half a module, the confirming cuts more.
    static func isLooseFinderRun(_ runs: (Int, Int, Int, Int, Int)) -> Bool {
        let total = runs.0 + runs.1 + runs.2 + runs.3 + runs.4
        guard total >= 7 else { return false }
        return 4 * abs(7 * runs.0 - total) < 3 * total && 4 * abs(7 * runs.1 - total) < 3 * total
            && 4 * abs(7 * runs.3 - total) < 3 * total && 4 * abs(7 * runs.4 - total) < 3 * total
            && 4 * abs(7 * runs.2 - 3 * total) < 9 * total
    }

    /// Confirms a row hit on the column, the row again and a diagonal; records it if it holds.
    private mutating func confirm(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Float,
        y: Int,
        total: Int,
        inverted: Bool
    ) {
        let fy = Float(y) + 0.5
        // A finder already confirmed here: count the row and skip the cuts.
        for i in 0..<count {
            let c = candidates[i]
            if c.inverted == inverted && abs(c.x - x) <= c.moduleSize * 1.5 && abs(c.y - fy) <= c.moduleSize * 3.5 {
                let size = Float(total) / 7
                if size < c.moduleSize * 1.6 && c.moduleSize < size * 1.6 {
                    candidates[i].count += 1
                    return
                }
            }
        }
        let column = Int(x)
        if repeatsRejectedCut(luma, binarizer, column: column, row: y, total: total, inverted: inverted) { return }
        // Perspective can shorten one axis; a different object gives a very different size.
        guard
            let vertical = FinderScanner.cut(
                luma,
                binarizer,
                x: column,
                y: y,
                dx: 0,
                dy: 1,
                inverted: inverted,
                limit: total * 2,
                longest: total * 2
            ),
            vertical.total * 2 >= total && vertical.total <= total * 2
        else {
            rememberRejectedCut(column: column, row: y, total: total, inverted: inverted)
            return
        }
        let cy = Float(y) + vertical.offset
        let row = Int(cy)
        guard
            let horizontal = FinderScanner.cut(
                luma,
                binarizer,
                x: column,
                y: row,
                dx: 1,
                dy: 0,
                inverted: inverted,
                limit: total * 2,
                longest: total * 2
            )
        else { return }
        guard horizontal.total * 2 >= total && horizontal.total <= total * 2 else { return }
        let cx = Float(column) + horizontal.offset
        guard
            FinderScanner.cut(
                luma,
                binarizer,
                x: Int(cx),
                y: row,
                dx: 1,
                dy: 1,
                inverted: inverted,
                limit: total * 2
            ) != nil
                || FinderScanner.cut(
                    luma,
                    binarizer,
                    x: Int(cx),
                    y: row,
                    dx: 1,
                    dy: -1,
                    inverted: inverted,
                    limit: total * 2
                ) != nil
        else { return }
        let moduleSize = Float(horizontal.total + vertical.total) / 14
        guard count < capacity else { return }
        guard FinderScanner.contrast(luma, x: cx, y: cy, module: moduleSize, inverted: inverted) >= 32 else { return }
        candidates[count] = FinderCandidate(
            x: cx,
            y: cy,
            moduleSize: moduleSize,
            count: 1,
            inverted: inverted,
            used: false
        )
        count += 1
    }

    /// The grey-level step between a finder's centre and its light ring (dark ring, inverted).
    ///
    /// The ring is read at two modules from the centre in four directions, its most ring-like pixel
    /// within half a module. Noise that happens to form the proportions has only a small step.
    static func contrast(_ luma: LumaPlane, x: Float, y: Float, module: Float, inverted: Bool) -> Int {
        let cx = Int(x), cy = Int(y)
        guard cx >= 0 && cy >= 0 && cx < luma.width && cy < luma.height else { return 0 }
        let centre = Int(luma[cx, cy])
        let reach = Int(module * 2 + 0.5)
        let slack = Swift.max(1, Int(module * 0.5))
        var total = 0
        for direction in 0..<4 {
            let (dx, dy) = direction == 0 ? (1, 0) : direction == 1 ? (-1, 0) : direction == 2 ? (0, 1) : (0, -1)
            var best = inverted ? 255 : 0
            for k in (reach - slack)...(reach + slack) {
                let px = cx + dx * k, py = cy + dy * k
                guard px >= 0 && py >= 0 && px < luma.width && py < luma.height else { return 0 }
                let v = Int(luma[px, py])
                best = inverted ? Swift.min(best, v) : Swift.max(best, v)
            }
            total += best
        }
        let ring = total / 4
        return inverted ? centre - ring : ring - centre
    }

    /// Walks a line through `x`, `y` in both directions and reads the five runs of a finder
    /// centred there.
    ///
    /// Each run is walked up to `limit` steps. Given `longest`, the longest total the caller
    /// keeps (`Int.max`: any), a walk also stops once a run is longer than finder proportions allow in such a
    /// total (an outer run a quarter of it, the centre three quarters): the same answers for
    /// every total the caller keeps, and most column cuts, rejected on an empty frame, end
    /// sooner. The caller still tests the total.
    ///
    /// A run is walked by ``run(_:_:from:step:dark:cap:)`` up to a cap that folds the run's
    /// limit and the plane's edge into one count, so a step tests one pixel and one counter.
    /// The rule, as the walks read it: the centre run and the two runs beside it must end inside
    /// the plane within their limits; the outermost runs may reach the plane's edge.
    ///
    /// - Returns: The centre's offset from the pixel's start along the line, in steps, and the
    ///   runs' total length in steps; `nil` when the runs do not have finder proportions.
    static func cut(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Int,
        y: Int,
        dx: Int,
        dy: Int,
        inverted: Bool,
        limit: Int,
        longest: Int = .max
    ) -> (offset: Float, total: Int)? {
        let w = luma.width
        let h = luma.height
        guard x >= 0 && y >= 0 && x < w && y < h else { return nil }
        // The centre's colour: dark unless the finder is inverted.
        let on = !inverted
        guard binarizer.isDark(luma, x: x, y: y) == on else { return nil }
        // Finder proportions within three quarters of a module (``isLooseFinderRun(_:)``) keep
        // an outer run under a quarter of the total and the centre under three quarters.
        let outer = longest == .max ? limit : Swift.min(limit, (longest - 1) / 4)
        let centre = longest == .max ? limit : Swift.min(limit, (3 * longest - 1) / 4)
        // Pixels inside the plane from the pixel itself backward, and from the next one forward.
        let behind = Swift.min(Self.reach(x, w, -dx), Self.reach(y, h, -dy))
        let ahead = Swift.min(Self.reach(x, w, dx), Self.reach(y, h, dy)) - 1
        let back = (x: -dx, y: -dy)
        let forward = (x: dx, y: dy)
        // Backward from the pixel itself.
        var cap = Swift.min(centre + 1, behind)
        let back2 = run(luma, binarizer, from: (x, y), step: back, dark: on, cap: cap)
        guard back2 < cap else { return nil }
        cap = Swift.min(outer + 1, behind - back2)
        let back1 = run(luma, binarizer, from: (x - back2 * dx, y - back2 * dy), step: back, dark: !on, cap: cap)
        guard back1 < cap else { return nil }
        let beyond = back2 + back1
        cap = Swift.min(outer + 1, behind - beyond)
        let back0 = run(luma, binarizer, from: (x - beyond * dx, y - beyond * dy), step: back, dark: on, cap: cap)
        guard back0 <= outer else { return nil }
        // Forward from the next pixel.
        cap = Swift.min(centre + 1 - back2, ahead)
        let fwd2 = run(luma, binarizer, from: (x + dx, y + dy), step: forward, dark: on, cap: cap)
        guard fwd2 < cap else { return nil }
        cap = Swift.min(outer + 1, ahead - fwd2)
        let next = 1 + fwd2
        let fwd3 = run(luma, binarizer, from: (x + next * dx, y + next * dy), step: forward, dark: !on, cap: cap)
        guard fwd3 < cap else { return nil }
        let last = next + fwd3
        cap = Swift.min(outer + 1, ahead - fwd2 - fwd3)
        let fwd4 = run(luma, binarizer, from: (x + last * dx, y + last * dy), step: forward, dark: on, cap: cap)
        guard fwd4 <= outer else { return nil }
        let runs = (back0, back1, back2 + fwd2, fwd3, fwd4)
        guard isLooseFinderRun(runs) else { return nil }
        let offset = Float(fwd2 - back2 + 2) / 2
        return (offset, runs.0 + runs.1 + runs.2 + runs.3 + runs.4)
    }

    /// How many positions from `position` on, stepping by `step` (-1, 0 or 1), lie in `0..<size`;
    /// `Int.max` for a step of 0.
    @inline(__always)
    static func reach(_ position: Int, _ size: Int, _ step: Int) -> Int {
        step > 0 ? size - position : (step < 0 ? position + 1 : .max)
    }

    /// How many pixels from `start` on, along `step`, are dark (`dark`) or light against their
    /// block's threshold, examining at most `cap` pixels; the caller keeps those `cap` pixels
    /// inside the plane.
    ///
    /// A step: one pixel, its block's threshold and a compare, in wrapping arithmetic (the cap
    /// keeps every position inside the plane), where the walk it replaces tested the plane's
    /// bounds and the run's limit at every pixel. One branch a step, as before: walking block
    /// by block (one threshold a block) took fewer instructions but mispredicted the end of
    /// every block; callgrind's branch simulation, the cuts of an empty 640 x 480 kiosk frame
    /// (k0064): 650 mispredictions a frame as before, 1,700 block by block.
    @inline(__always)
    static func run(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        from start: (x: Int, y: Int),
        step: (x: Int, y: Int),
        dark: Bool,
        cap: Int
    ) -> Int {
        let shift = binarizer.blockShift
        let blocksX = binarizer.blocksX
        let thresholds = binarizer.thresholds.baseAddress.unsafelyUnwrapped
        let delta = step.y &* luma.stride &+ step.x
        var offset = start.y &* luma.stride &+ start.x
        var px = start.x
        var py = start.y
        var n = 0
        while n < cap {
            let threshold = thresholds[(py &>> shift) &* blocksX &+ (px &>> shift)]
            guard (luma.base[offset] <= threshold) == dark else { break }
            n &+= 1
            offset &+= delta
            px &+= step.x
            py &+= step.y
        }
        return n
    }
}
