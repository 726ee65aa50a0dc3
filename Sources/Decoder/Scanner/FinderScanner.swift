#if arch(x86_64)
internal import _Builtin_intrinsics.intel
#endif

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
    /// One row of thresholds, expanded to one per pixel (padded to whole 16-pixel vectors).
    private let thresholdLine: UnsafeMutablePointer<UInt8>
    private let width: Int

    /// Sizes the scanner for frames `width` pixels wide.
    init(width: Int, capacity: Int) {
        self.width = width
        self.capacity = capacity
        candidates = .allocate(capacity: capacity)
        thresholdLine = .allocate(capacity: width + 16)
        thresholdLine.initialize(repeating: 0, count: width + 16)
    }

    /// Frees the buffers; the owner calls it once, from its `deinit`.
    func deallocate() {
        candidates.deallocate()
        thresholdLine.deallocate()
    }

    /// Scans the whole plane and leaves the confirmed candidates in ``candidates``.
    mutating func scan(_ luma: LumaPlane, _ binarizer: Binarizer) {
        count = 0
        let shift = binarizer.blockShift
        let mask = (1 << shift) - 1
        // Every second row: a finder's centre is at least 3 modules of 1.5 px tall, so it is
        // crossed at least twice; the confirming cuts then look at every pixel.
        var y = 0
        while y < luma.height {
            if y & mask == 0 { expandThresholds(binarizer, blockRow: y >> shift) }
            scanRow(luma, binarizer, y: y)
            y += 2
        }
    }

    private func expandThresholds(_ binarizer: Binarizer, blockRow: Int) {
        let shift = binarizer.blockShift
        let source = binarizer.thresholds.baseAddress.unsafelyUnwrapped + blockRow * binarizer.blocksX
        if shift == 3 {
            for bx in 0..<binarizer.blocksX {
                UnsafeMutableRawPointer(thresholdLine + bx * 8).storeBytes(
                    of: SIMD8<UInt8>(repeating: source[bx]),
                    as: SIMD8<UInt8>.self
                )
            }
        } else {
            for x in 0..<width { thresholdLine[x] = source[x >> shift] }
        }
    }

    /// A bit per pixel for 16 pixels from `row`: 1 where the pixel is at most its threshold.
    @inline(__always)
    private func darkBits(_ row: UnsafePointer<UInt8>, _ thresholds: UnsafePointer<UInt8>) -> UInt32 {
        let v = UnsafeRawPointer(row).loadUnaligned(as: SIMD16<UInt8>.self)
        let t = UnsafeRawPointer(thresholds).loadUnaligned(as: SIMD16<UInt8>.self)
        let bytes = SIMD16<UInt8>(repeating: 0).replacing(with: 0xFF, where: v .<= t)
        #if arch(x86_64)
        // One `pmovmskb`; callgrind, an empty 640 x 480 frame: the row scan took 700,000
        // instructions a frame with the multiplications below, 573,000 with it.
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(unsafeBitCast(bytes, to: __m128i.self)))
        #else
        let halves = unsafeBitCast(bytes, to: SIMD2<UInt64>.self)
        let weights: UInt64 = 0x8040_2010_0804_0201
        let gather: UInt64 = 0x0101_0101_0101_0101
        let low = ((halves[0] & weights) &* gather) >> 56
        let high = ((halves[1] & weights) &* gather) >> 56
        return UInt32(truncatingIfNeeded: low | high << 8)
        #endif
    }

    private mutating func scanRow(_ luma: LumaPlane, _ binarizer: Binarizer, y: Int) {
        let row = luma.base + y * luma.stride
        let w = width
        var dark = Int(row[0]) <= Int(thresholdLine[0])
        var previous: UInt32 = dark ? 1 : 0
        var r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0
        var runs = 0
        var runStart = 0
        var x = 0
        while x &+ 16 <= w {
            let bits = darkBits(row + x, thresholdLine + x)
            var transitions = (bits ^ ((bits << 1) | previous)) & 0xFFFF
            previous = bits >> 15
            while transitions != 0 {
                let position = x &+ transitions.trailingZeroBitCount
                transitions &= transitions &- 1
                r0 = r1
                r1 = r2
                r2 = r3
                r3 = r4
                r4 = position &- runStart
                runStart = position
                runs &+= 1
                if runs >= 5 && Self.isFinderRun(r0, r1, r2, r3, r4) {
                    // r4 just ended and had the colour `dark`; r0, r2 and r4 share it.
                    let centre = Float(position - r4 - r3) - Float(r2) / 2
                    confirm(luma, binarizer, x: centre, y: y, total: r0 + r1 + r2 + r3 + r4, inverted: !dark)
                }
                dark.toggle()
            }
            x &+= 16
        }
        while x < w {
            let pixelDark = Int(row[x]) <= Int(thresholdLine[x])
            if pixelDark != dark {
                r0 = r1
                r1 = r2
                r2 = r3
                r3 = r4
                r4 = x - runStart
                runStart = x
                runs += 1
                if runs >= 5 && Self.isFinderRun(r0, r1, r2, r3, r4) {
                    let centre = Float(x - r4 - r3) - Float(r2) / 2
                    confirm(luma, binarizer, x: centre, y: y, total: r0 + r1 + r2 + r3 + r4, inverted: !dark)
                }
                dark = pixelDark
            }
            x += 1
        }
    }

    /// Whether five runs have the 1:1:3:1:1 proportions within half a module, as in a row scan.
    @inline(__always)
    static func isFinderRun(_ r0: Int, _ r1: Int, _ r2: Int, _ r3: Int, _ r4: Int) -> Bool {
        // Necessary and cheap: the centre run is longer than its neighbours (over 3/14 of the
        // total against under 3/14). Most transitions in clutter stop here.
        guard r2 > r1 && r2 > r3 else { return false }
        let total = r0 &+ r1 &+ r2 &+ r3 &+ r4
        guard total >= 7 else { return false }
        return 2 &* abs(7 &* r0 &- total) < total && 2 &* abs(7 &* r1 &- total) < total
            && 2 &* abs(7 &* r3 &- total) < total && 2 &* abs(7 &* r4 &- total) < total
            && 2 &* abs(7 &* r2 &- 3 &* total) < 3 &* total
    }

    /// The same test with three quarters of a module of tolerance, for the confirming cuts.
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
        guard
            let vertical = FinderScanner.cut(
                luma,
                binarizer,
                x: column,
                y: y,
                dx: 0,
                dy: 1,
                inverted: inverted,
                limit: total * 2
            )
        else { return }
        // Perspective can shorten one axis; a different object gives a very different size.
        guard vertical.total * 2 >= total && vertical.total <= total * 2 else { return }
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
                limit: total * 2
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
        limit: Int
    ) -> (offset: Float, total: Int)? {
        let w = luma.width
        let h = luma.height
        guard x >= 0 && y >= 0 && x < w && y < h else { return nil }
        @inline(__always) func on(_ px: Int, _ py: Int) -> Bool {
            binarizer.isDark(luma, x: px, y: py) != inverted
        }
        @inline(__always) func inside(_ px: Int, _ py: Int) -> Bool {
            px >= 0 && py >= 0 && px < w && py < h
        }
        guard on(x, y) else { return nil }
        // Backward from the pixel itself.
        var back2 = 0, back1 = 0, back0 = 0
        var px = x, py = y
        while inside(px, py) && on(px, py) && back2 <= limit { back2 += 1; px -= dx; py -= dy }
        guard inside(px, py) && back2 <= limit else { return nil }
        while inside(px, py) && !on(px, py) && back1 <= limit { back1 += 1; px -= dx; py -= dy }
        guard inside(px, py) && back1 <= limit else { return nil }
        while inside(px, py) && on(px, py) && back0 <= limit { back0 += 1; px -= dx; py -= dy }
        guard back0 <= limit else { return nil }
        // Forward from the next pixel.
        var fwd2 = 0, fwd3 = 0, fwd4 = 0
        px = x + dx
        py = y + dy
        while inside(px, py) && on(px, py) && fwd2 <= limit { fwd2 += 1; px += dx; py += dy }
        guard inside(px, py) && fwd2 <= limit else { return nil }
        while inside(px, py) && !on(px, py) && fwd3 <= limit { fwd3 += 1; px += dx; py += dy }
        guard inside(px, py) && fwd3 <= limit else { return nil }
        while inside(px, py) && on(px, py) && fwd4 <= limit { fwd4 += 1; px += dx; py += dy }
        guard fwd4 <= limit else { return nil }
        let runs = (back0, back1, back2 + fwd2, fwd3, fwd4)
        guard isLooseFinderRun(runs) else { return nil }
        let offset = Float(fwd2 - back2 + 2) / 2
        return (offset, runs.0 + runs.1 + runs.2 + runs.3 + runs.4)
    }
}
