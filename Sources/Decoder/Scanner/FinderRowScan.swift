#if arch(x86_64)
internal import _Builtin_intrinsics.intel
#endif

/// The 1:1:3:1:1 runs of one row, of either polarity: where a finder pattern may cross it.
///
/// A row is read in two passes without a branch per run. The first turns 64 pixels at a time
/// into dark bits against the expanded thresholds and writes the position of every colour
/// change to a buffer, eight at a time whatever the count (as simdjson writes its indices), so
/// the only branch is one per word. The second tests eight windows of five runs at a time as
/// vectors of 16-bit lanes; the hits, rare away from a code, are handed on one by one. The
/// run-by-run loop this replaces took a mispredicted branch at most colour changes: on text,
/// barcodes and speckled counters (an empty 640 x 480 frame of the kiosk corpus has some 19,000
/// of them) it was two thirds of the scan's time. Buffers are allocated once, in `init`, and released by
/// ``deallocate()``.
struct FinderRowScan {
    /// Pixels per row.
    let width: Int
    /// One row of thresholds, expanded to one per pixel (padded to whole 16-pixel vectors).
    let thresholdLine: UnsafeMutablePointer<UInt8>
    /// Element 0 is 0, the row's start; element `k + 1` is the position of the row's `k`th
    /// colour change, followed by room for the eight-at-a-time writes and vector reads. In 16
    /// bits, eight to a vector: rows are at most 32,768 pixels wide, as ``QRScanner`` allows.
    private let changes: UnsafeMutablePointer<Int16>

    /// Sizes the scan for rows `width` pixels wide.
    init(width: Int) {
        precondition(width <= 1 << 15, "colour change positions are kept in 16 bits")
        self.width = width
        thresholdLine = .allocate(capacity: width + 16)
        thresholdLine.initialize(repeating: 0, count: width + 16)
        // At most width - 1 changes, up to 8 more written past the last, and vector reads up
        // to 8 elements past the last change.
        changes = .allocate(capacity: width + 32)
        changes.initialize(repeating: 0, count: width + 32)
    }

    /// Frees the buffers; the owner calls it once, from its `deinit`.
    func deallocate() {
        thresholdLine.deallocate()
        changes.deallocate()
    }

    /// Expands one row of block thresholds to one threshold per pixel, for the rows after it.
    func expandThresholds(_ binarizer: Binarizer, blockRow: Int) {
        let shift = binarizer.blockShift
        let source = binarizer.thresholds.baseAddress.unsafelyUnwrapped + blockRow * binarizer.blocksX
        if shift == 3 {
            var start = 0
            #if arch(x86_64)
            // Sixteen blocks at a time: each byte doubled three times over (8 copies) by
            // unpacking it with itself, eight 16-byte stores; one `movq` a block before.
            while start + 16 <= binarizer.blocksX {
                let t = UnsafeRawPointer(source + start).loadUnaligned(as: __m128i.self)
                let pairs = (_mm_unpacklo_epi8(t, t), _mm_unpackhi_epi8(t, t))
                let quads = (
                    _mm_unpacklo_epi16(pairs.0, pairs.0), _mm_unpackhi_epi16(pairs.0, pairs.0),
                    _mm_unpacklo_epi16(pairs.1, pairs.1), _mm_unpackhi_epi16(pairs.1, pairs.1)
                )
                let line = UnsafeMutableRawPointer(thresholdLine + start * 8)
                line.storeBytes(of: _mm_unpacklo_epi32(quads.0, quads.0), toByteOffset: 0, as: __m128i.self)
                line.storeBytes(of: _mm_unpackhi_epi32(quads.0, quads.0), toByteOffset: 16, as: __m128i.self)
                line.storeBytes(of: _mm_unpacklo_epi32(quads.1, quads.1), toByteOffset: 32, as: __m128i.self)
                line.storeBytes(of: _mm_unpackhi_epi32(quads.1, quads.1), toByteOffset: 48, as: __m128i.self)
                line.storeBytes(of: _mm_unpacklo_epi32(quads.2, quads.2), toByteOffset: 64, as: __m128i.self)
                line.storeBytes(of: _mm_unpackhi_epi32(quads.2, quads.2), toByteOffset: 80, as: __m128i.self)
                line.storeBytes(of: _mm_unpacklo_epi32(quads.3, quads.3), toByteOffset: 96, as: __m128i.self)
                line.storeBytes(of: _mm_unpackhi_epi32(quads.3, quads.3), toByteOffset: 112, as: __m128i.self)
                start += 16
            }
            #endif
            for bx in start..<binarizer.blocksX {
                UnsafeMutableRawPointer(thresholdLine + bx * 8).storeBytes(
                    of: SIMD8<UInt8>(repeating: source[bx]),
                    as: SIMD8<UInt8>.self
                )
            }
        } else {
            for x in 0..<width { thresholdLine[x] = source[x >> shift] }
        }
    }

    /// Calls `body` for every window of five consecutive runs of row `y` with the 1:1:3:1:1
    /// proportions, left to right, with the centre run's midpoint, the five runs' total length
    /// and whether the centre run is light.
    ///
    /// The proportions within half a module, a module being the total over 7: each outer run
    /// within half a module of one, the centre within one and a half of three, and the total
    /// at least 7 pixels.
    ///
    /// The thresholds must have been expanded for the row's block row. The first run starts at
    /// the row's first pixel and the last ends at the row's end, so a finder cut by the frame's
    /// edge (a code without quiet zone) is still seen.
    @inline(__always)
    func forEachHit(_ luma: LumaPlane, y: Int, _ body: (_ centre: Float, _ total: Int, _ inverted: Bool) -> Void) {
        let row = luma.base + y * luma.stride
        let firstDark = row[0] <= thresholdLine[0]
        let count = recordChanges(row, firstDark: firstDark)
        // Past the last change, runs of length 0: no window reaching there has finder
        // proportions, so the last vector of windows needs no mask of the lanes past the end.
        UnsafeMutableRawPointer(changes + count + 1).storeBytes(
            of: SIMD8<Int16>(repeating: changes[count]),
            as: SIMD8<Int16>.self
        )
        // Window i: runs i - 4 ... i, run k from changes[k] to changes[k + 1]; one window per
        // change from the fifth on, as run i closes at change i.
        var i = 4
        while i < count {
            let hits = Self.windowHits(changes + i)
            if hits != 0 {
                for lane in 0..<8 where hits & (1 << lane) != 0 && i + lane < count {
                    let window = i + lane
                    let runs = Int(changes[window + 1]) - Int(changes[window - 4])
                    if runs > Int(Self.exactTotal) && !isFinderWindow(ending: window) { continue }
                    let centre = Float(changes[window - 1]) - Float(changes[window - 1] - changes[window - 2]) / 2
                    // Run k has the first pixel's colour when k is even; the centre run is
                    // light (an inverted finder) when the window's last run, of its colour, is.
                    body(centre, runs, firstDark == (window & 1 == 1))
                }
            }
            i += 8
        }
    }

    /// The eight windows of five runs ending at changes `p[0]` ... `p[7]` that have the
    /// 1:1:3:1:1 proportions, or are too long for the exact test: bit `k` for the window
    /// ending at `p[k]`.
    ///
    /// In integers, for total t: t < 14 r < 3t for the outer four, 3t < 14 r < 9t for the
    /// centre, t >= 7; one pmullw each (32-bit lanes needed seven instructions a multiply on
    /// SSE2). Exact while 14 t fits, for t up to ``exactTotal``; longer windows, only in frames
    /// wider than that, are handed on and tested one by one. On x86 in SSE2 intrinsics: the
    /// compiled Swift masks took a shift pair to widen each comparison, callgrind some 70
    /// instructions for eight windows, the intrinsics some 55.
    @inline(__always)
    private static func windowHits(_ p: UnsafeMutablePointer<Int16>) -> Int {
        #if arch(x86_64)
        let a = UnsafeRawPointer(p - 4).loadUnaligned(as: __m128i.self)
        let b = UnsafeRawPointer(p - 3).loadUnaligned(as: __m128i.self)
        let c = UnsafeRawPointer(p - 2).loadUnaligned(as: __m128i.self)
        let d = UnsafeRawPointer(p - 1).loadUnaligned(as: __m128i.self)
        let e = UnsafeRawPointer(p).loadUnaligned(as: __m128i.self)
        let f = UnsafeRawPointer(p + 1).loadUnaligned(as: __m128i.self)
        let fourteen = _mm_set1_epi16(14)
        let total = _mm_sub_epi16(f, a)
        let triple = _mm_add_epi16(_mm_add_epi16(total, total), total)
        let ninefold = _mm_add_epi16(_mm_slli_epi16(total, 3), total)
        // lower < r < upper, lane by lane.
        @inline(__always) func between(_ lower: __m128i, _ r: __m128i, _ upper: __m128i) -> __m128i {
            _mm_and_si128(_mm_cmpgt_epi16(r, lower), _mm_cmpgt_epi16(upper, r))
        }
        let r0 = _mm_mullo_epi16(_mm_sub_epi16(b, a), fourteen)
        let r1 = _mm_mullo_epi16(_mm_sub_epi16(c, b), fourteen)
        let r2 = _mm_mullo_epi16(_mm_sub_epi16(d, c), fourteen)
        let r3 = _mm_mullo_epi16(_mm_sub_epi16(e, d), fourteen)
        let r4 = _mm_mullo_epi16(_mm_sub_epi16(f, e), fourteen)
        var hit = _mm_and_si128(between(total, r0, triple), between(total, r1, triple))
        hit = _mm_and_si128(hit, _mm_and_si128(between(total, r3, triple), between(total, r4, triple)))
        hit = _mm_and_si128(hit, _mm_and_si128(between(triple, r2, ninefold), _mm_cmpgt_epi16(total, _mm_set1_epi16(6))))
        hit = _mm_or_si128(hit, _mm_cmpgt_epi16(total, _mm_set1_epi16(exactTotal)))
        // One bit per lane: the bytes' mask keeps every second bit.
        let bytes = UInt32(truncatingIfNeeded: _mm_movemask_epi8(hit))
        guard bytes != 0 else { return 0 }
        var lanes = 0
        for lane in 0..<8 where bytes & (1 << (2 * lane)) != 0 { lanes |= 1 << lane }
        return lanes
        #else
        let a = UnsafeRawPointer(p - 4).loadUnaligned(as: SIMD8<Int16>.self)
        let b = UnsafeRawPointer(p - 3).loadUnaligned(as: SIMD8<Int16>.self)
        let c = UnsafeRawPointer(p - 2).loadUnaligned(as: SIMD8<Int16>.self)
        let d = UnsafeRawPointer(p - 1).loadUnaligned(as: SIMD8<Int16>.self)
        let e = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int16>.self)
        let f = UnsafeRawPointer(p + 1).loadUnaligned(as: SIMD8<Int16>.self)
        let total = f &- a
        let triple = total &* 3
        let ninefold = total &* 9
        let r0 = (b &- a) &* 14
        let r1 = (c &- b) &* 14
        let r2 = (d &- c) &* 14
        let r3 = (e &- d) &* 14
        let r4 = (f &- e) &* 14
        var hit = (total .< r0) .& (r0 .< triple) .& (total .< r1) .& (r1 .< triple)
        hit = hit .& (total .< r3) .& (r3 .< triple) .& (total .< r4) .& (r4 .< triple)
        hit = hit .& (triple .< r2) .& (r2 .< ninefold) .& (total .>= SIMD8<Int16>(repeating: 7))
        hit = hit .| (total .> SIMD8<Int16>(repeating: exactTotal))
        guard Swift.any(hit) else { return 0 }
        var lanes = 0
        for lane in 0..<8 where hit[lane] { lanes |= 1 << lane }
        return lanes
        #endif
    }

    /// The longest window the vector test judges exactly: 14 times it fits in an `Int16`
    /// (32,767 / 14). Longer windows need frames wider than any kiosk camera's.
    static let exactTotal: Int16 = 2340

    /// The 1:1:3:1:1 test of ``forEachHit(_:y:_:)`` for the window of runs `window - 4`
    /// through `window`, one at a time in `Int`, for windows too long for the vector test.
    private func isFinderWindow(ending window: Int) -> Bool {
        let start = Int(changes[window - 4])
        let total = Int(changes[window + 1]) - start
        guard total >= 7 else { return false }
        for k in 0..<5 {
            let run = 14 * (Int(changes[window - 3 + k]) - Int(changes[window - 4 + k]))
            let fits = k == 2 ? 3 * total < run && run < 9 * total : total < run && run < 3 * total
            if !fits { return false }
        }
        return true
    }

    /// Whether any lane is set, in one `pmovmskb` where available.
    @inline(__always)
    private static func any(_ mask: SIMDMask<SIMD8<Int16>>) -> Bool {
        #if arch(x86_64)
        return _mm_movemask_epi8(unsafeBitCast(mask, to: __m128i.self)) != 0
        #else
        return Swift.any(mask)
        #endif
    }

    /// Writes the positions of the row's colour changes to `changes` from element 1 on, then
    /// the row's end, which closes the last run.
    ///
    /// - Returns: The number of changes, the row's end included.
    @inline(__always)
    private func recordChanges(_ row: UnsafePointer<UInt8>, firstDark: Bool) -> Int {
        changes[0] = 0
        var out = changes + 1
        var carry: UInt64 = firstDark ? 1 : 0
        var x = 0
        // Whole words of 64 pixels, then the row's last, shorter one.
        while x + 64 <= width {
            let bits =
                UInt64(darkBits(row + x, thresholdLine + x))
                | UInt64(darkBits(row + x + 16, thresholdLine + x + 16)) << 16
                | UInt64(darkBits(row + x + 32, thresholdLine + x + 32)) << 32
                | UInt64(darkBits(row + x + 48, thresholdLine + x + 48)) << 48
            let changed = bits ^ (bits << 1 | carry)
            carry = bits >> 63
            if changed != 0 { Self.write(changed, at: x, to: &out) }
            x += 64
        }
        if x < width {
            let n = width - x
            var bits: UInt64 = 0
            var k = 0
            while k + 16 <= n {
                bits |= UInt64(darkBits(row + x + k, thresholdLine + x + k)) << UInt64(k)
                k += 16
            }
            while k < n {
                if row[x + k] <= thresholdLine[x + k] { bits |= 1 << UInt64(k) }
                k += 1
            }
            let changed = (bits ^ (bits << 1 | carry)) & ((1 << UInt64(n)) &- 1)
            if changed != 0 { Self.write(changed, at: x, to: &out) }
        }
        // The row's end closes the last run, as the frame's edge ends a finder cut by it.
        out[0] = Int16(truncatingIfNeeded: width)
        return out - changes
    }

    /// Writes the positions of the set bits of `changed`, bit `k` being pixel `x + k`, from
    /// `out` on, and moves `out` past them.
    @inline(__always)
    private static func write(_ changed: UInt64, at x: Int, to out: inout UnsafeMutablePointer<Int16>) {
        var changed = changed
        let next = out + changed.nonzeroBitCount
        let base = Int16(truncatingIfNeeded: x)
        repeat {
            // Eight slots unrolled; past the last change they are overwritten later.
            out[0] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out[1] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out[2] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out[3] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out[4] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out[5] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out[6] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out[7] = base &+ Int16(truncatingIfNeeded: changed.trailingZeroBitCount)
            changed &= changed &- 1
            out += 8
        } while changed != 0
        out = next
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
}
