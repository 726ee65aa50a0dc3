#if arch(x86_64)
internal import _Builtin_intrinsics.intel

extension Binarizer {
    /// The statistics of the whole 8 x 8 blocks of one block row, eight at a time (64 columns)
    /// and then two at a time (16 columns), straight from the pixels with SSE2: the same
    /// minimum, maximum and mean over every second row as the column-statistics path in
    /// ``compute(_:)``, into `contrast`, `means` and `blackPoints`.
    ///
    /// The four rows' bytes are folded vertically (`pminub`, `pmaxub`), then within each block's
    /// 64-bit lane by shifts of 8, 16 and 32 bits, which leaves the block's minimum (maximum) in
    /// one byte of the lane; `psadbw` against zero sums each lane's eight bytes. Eight blocks
    /// at a time, the 64-bit lanes' results are packed into one vector of eight bytes each
    /// (``packLanes(_:_:_:_:)``) and the ranges, means and black points taken and stored eight
    /// at a time, where the pairs' results went out byte by byte. Swift's generic vector
    /// operations go lane by lane for this, hence the intrinsics. callgrind, an empty 640 x 480
    /// frame: the binarizer's block statistics from about 770,000 instructions a frame to about
    /// 160,000 two at a time, about 100,000 eight at a time.
    ///
    /// - Parameters:
    ///   - luma: The frame; the block row must be eight whole rows inside it.
    ///   - by: The block row.
    /// - Returns: How many blocks, from the left, were done (an even number).
    func gatherBlockPairs(_ luma: LumaPlane, blockRow by: Int) -> Int {
        let row0 = luma.base + (by << 3) * luma.stride
        let row1 = row0 + 2 * luma.stride
        let row2 = row0 + 4 * luma.stride
        let row3 = row0 + 6 * luma.stride
        let zero = _mm_setzero_si128()
        let ranges = contrast.baseAddress.unsafelyUnwrapped + by * blocksX
        let blockMeans = means.baseAddress.unsafelyUnwrapped + by * blocksX
        let points = blackPoints.baseAddress.unsafelyUnwrapped + by * blocksX
        let edge = UInt8(clamping: minimumContrast)
        let edges = _mm_set1_epi8(CChar(bitPattern: edge))
        // Two blocks from the 16 columns at `x`: each 64-bit lane holds its block's minimum,
        // maximum and mean, alone in the lane.
        @inline(__always) func pair(_ x: Int) -> (lo: __m128i, hi: __m128i, mean: __m128i) {
            let a = UnsafeRawPointer(row0 + x).loadUnaligned(as: __m128i.self)
            let b = UnsafeRawPointer(row1 + x).loadUnaligned(as: __m128i.self)
            let c = UnsafeRawPointer(row2 + x).loadUnaligned(as: __m128i.self)
            let d = UnsafeRawPointer(row3 + x).loadUnaligned(as: __m128i.self)
            var lo = _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d))
            var hi = _mm_max_epu8(_mm_max_epu8(a, b), _mm_max_epu8(c, d))
            // Shifted up, so the lane's top byte ends with the fold of all eight.
            lo = _mm_min_epu8(lo, _mm_slli_epi64(lo, 8))
            lo = _mm_min_epu8(lo, _mm_slli_epi64(lo, 16))
            lo = _mm_min_epu8(lo, _mm_slli_epi64(lo, 32))
            hi = _mm_max_epu8(hi, _mm_slli_epi64(hi, 8))
            hi = _mm_max_epu8(hi, _mm_slli_epi64(hi, 16))
            hi = _mm_max_epu8(hi, _mm_slli_epi64(hi, 32))
            let sum = _mm_add_epi64(
                _mm_add_epi64(_mm_sad_epu8(a, zero), _mm_sad_epu8(b, zero)),
                _mm_add_epi64(_mm_sad_epu8(c, zero), _mm_sad_epu8(d, zero))
            )
            // 32 pixels a block: the mean is the sum over 32.
            return (_mm_srli_epi64(lo, 56), _mm_srli_epi64(hi, 56), _mm_srli_epi64(sum, 5))
        }
        var bx = 0
        while (bx + 8) << 3 <= width {
            let x = bx << 3
            let p0 = pair(x)
            let p1 = pair(x + 16)
            let p2 = pair(x + 32)
            let p3 = pair(x + 48)
            let lo = Self.packLanes(p0.lo, p1.lo, p2.lo, p3.lo)
            let hi = Self.packLanes(p0.hi, p1.hi, p2.hi, p3.hi)
            let mean = Self.packLanes(p0.mean, p1.mean, p2.mean, p3.mean)
            let range = _mm_sub_epi8(hi, lo)
            // Flat (range at most the minimum contrast) exactly when min(range, edge) == range.
            let flat = _mm_cmpeq_epi8(_mm_min_epu8(range, edges), range)
            UnsafeMutableRawPointer(ranges + bx).storeBytes(of: _mm_cvtsi128_si64(range), as: Int64.self)
            UnsafeMutableRawPointer(blockMeans + bx).storeBytes(of: _mm_cvtsi128_si64(mean), as: Int64.self)
            UnsafeMutableRawPointer(points + bx).storeBytes(
                of: _mm_cvtsi128_si64(_mm_andnot_si128(flat, mean)),
                as: Int64.self
            )
            bx += 8
        }
        while (bx + 2) << 3 <= width {
            let p = pair(bx << 3)
            let minima = unsafeBitCast(p.lo, to: SIMD16<UInt8>.self)
            let maxima = unsafeBitCast(p.hi, to: SIMD16<UInt8>.self)
            let sums = unsafeBitCast(p.mean, to: SIMD16<UInt8>.self)
            let range0 = maxima[0] &- minima[0]
            let range1 = maxima[8] &- minima[8]
            ranges[bx] = range0
            ranges[bx + 1] = range1
            blockMeans[bx] = sums[0]
            blockMeans[bx + 1] = sums[8]
            points[bx] = range0 > edge ? sums[0] : 0
            points[bx + 1] = range1 > edge ? sums[8] : 0
            bx += 2
        }
        return bx
    }

    /// Eight values, each alone in a 64-bit lane of four vectors (under 256), as the low eight
    /// bytes of one vector, in order.
    ///
    /// As 32-bit lanes each vector reads (v, 0, w, 0): two signed packs to 16 bits put the four
    /// vectors' values side by side, an unsigned pack to bytes finishes.
    @inline(__always)
    static func packLanes(_ a: __m128i, _ b: __m128i, _ c: __m128i, _ d: __m128i) -> __m128i {
        let words = _mm_packs_epi32(_mm_packs_epi32(a, b), _mm_packs_epi32(c, d))
        return _mm_packus_epi16(words, words)
    }

    /// ``horizontalWindows()`` for one row of blocks with SSE2: per block, the sum of the
    /// black points and the count of edged blocks among the five of its row around it (the
    /// window clamped inside the row), into `rowSums` and `rowCounts`.
    ///
    /// Sixteen blocks at a time where the window is not clamped; the two blocks at each end
    /// copy the window of the third (one at a time in rows under 20 blocks).
    func horizontalWindows(blockRow by: Int) {
        let points = blackPoints.baseAddress.unsafelyUnwrapped
        let ranges = contrast.baseAddress.unsafelyUnwrapped
        let sums = rowSums.baseAddress.unsafelyUnwrapped
        let counts = rowCounts.baseAddress.unsafelyUnwrapped
        let span = Swift.min(5, blocksX)
        let zero = _mm_setzero_si128()
        let one = _mm_set1_epi8(1)
        let edges = _mm_set1_epi8(CChar(bitPattern: UInt8(clamping: minimumContrast)))
        let base = by * blocksX
        guard blocksX >= 20 else {
            for bx in 0..<blocksX {
                let left = Swift.min(Swift.max(bx - 2, 0), blocksX - span)
                var sum = 0
                var n = 0
                for i in (base + left)..<(base + left + span) {
                    sum += Int(points[i])
                    n += Int(ranges[i]) > minimumContrast ? 1 : 0
                }
                sums[base + bx] = UInt16(sum)
                counts[base + bx] = UInt8(n)
            }
            return
        }
        // Lanes bx ..< bx + 16, each window bx - 2 ... bx + 2 inside the row, for every block
        // from the third to the third from the end; the last vector of a row overlaps the one
        // before rather than leave a tail.
        var bx = 2
        while true {
            bx = Swift.min(bx, blocksX - 18)
            var low = zero
            var high = zero
            var edged = zero
            for k in -2...2 {
                let at = base + bx + k
                let p = UnsafeRawPointer(points + at).loadUnaligned(as: __m128i.self)
                let r = UnsafeRawPointer(ranges + at).loadUnaligned(as: __m128i.self)
                low = _mm_add_epi16(low, _mm_unpacklo_epi8(p, zero))
                high = _mm_add_epi16(high, _mm_unpackhi_epi8(p, zero))
                // 1 where the range exceeds the minimum contrast.
                edged = _mm_add_epi8(edged, _mm_min_epu8(_mm_subs_epu8(r, edges), one))
            }
            UnsafeMutableRawPointer(sums + base + bx).storeBytes(of: low, as: __m128i.self)
            UnsafeMutableRawPointer(sums + base + bx + 8).storeBytes(of: high, as: __m128i.self)
            UnsafeMutableRawPointer(counts + base + bx).storeBytes(of: edged, as: __m128i.self)
            if bx == blocksX - 18 { break }
            bx += 16
        }
        // The two blocks at each end: their windows, clamped inside the row, are those of the
        // third block from that end.
        let first = base + 2
        let last = base + blocksX - 3
        sums[base] = sums[first]
        sums[base + 1] = sums[first]
        counts[base] = counts[first]
        counts[base + 1] = counts[first]
        sums[last + 1] = sums[last]
        sums[last + 2] = sums[last]
        counts[last + 1] = counts[last]
        counts[last + 2] = counts[last]
    }

    /// The thresholds of sixteen blocks of one row, from `bx` on, with SSE2: the rule of
    /// ``thresholdRow(_:fallback:)`` from the window sums of the rows `top ..< bottom`.
    ///
    /// The quotients in `Float`, four lanes a `divps`: the sum is under 2^13, so the rounded
    /// quotient is below the next integer by more than the rounding error and truncation gives
    /// the floor. The compiled Swift vectors took some 250 instructions for sixteen blocks,
    /// these some 80.
    @inline(__always)
    func thresholdSixteen(base: Int, bx: Int, top: Int, bottom: Int, fallback: Int) {
        let sums = rowSums.baseAddress.unsafelyUnwrapped
        let counts = rowCounts.baseAddress.unsafelyUnwrapped
        let zero = _mm_setzero_si128()
        var low = zero
        var high = zero
        var n = zero
        var at = top &* blocksX &+ bx
        for _ in top..<bottom {
            low = _mm_add_epi16(low, UnsafeRawPointer(sums + at).loadUnaligned(as: __m128i.self))
            high = _mm_add_epi16(high, UnsafeRawPointer(sums + at + 8).loadUnaligned(as: __m128i.self))
            n = _mm_add_epi8(n, UnsafeRawPointer(counts + at).loadUnaligned(as: __m128i.self))
            at &+= blocksX
        }
        // No edged block in the window: the quotient is not used; divide by 1.
        let none = _mm_cmpeq_epi8(n, zero)
        let divisor = _mm_or_si128(n, _mm_and_si128(none, _mm_set1_epi8(1)))
        let divisorLow = _mm_unpacklo_epi8(divisor, zero)
        let divisorHigh = _mm_unpackhi_epi8(divisor, zero)
        @inline(__always) func quotient(_ dividend: __m128i, _ divisor: __m128i) -> __m128i {
            _mm_cvttps_epi32(_mm_div_ps(_mm_cvtepi32_ps(dividend), _mm_cvtepi32_ps(divisor)))
        }
        let q0 = quotient(_mm_unpacklo_epi16(low, zero), _mm_unpacklo_epi16(divisorLow, zero))
        let q1 = quotient(_mm_unpackhi_epi16(low, zero), _mm_unpackhi_epi16(divisorLow, zero))
        let q2 = quotient(_mm_unpacklo_epi16(high, zero), _mm_unpacklo_epi16(divisorHigh, zero))
        let q3 = quotient(_mm_unpackhi_epi16(high, zero), _mm_unpackhi_epi16(divisorHigh, zero))
        let threshold = _mm_packus_epi16(_mm_packs_epi32(q0, q1), _mm_packs_epi32(q2, q3))
        let index = base + bx
        let mean = UnsafeRawPointer(means.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: __m128i.self)
        let range = UnsafeRawPointer(contrast.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: __m128i.self)
        let edges = _mm_set1_epi8(CChar(bitPattern: UInt8(clamping: minimumContrast)))
        // a <= b for unsigned bytes exactly when min(a, b) == a.
        let flat = _mm_cmpeq_epi8(_mm_min_epu8(range, edges), range)
        let darkByThreshold = _mm_cmpeq_epi8(_mm_min_epu8(mean, threshold), mean)
        // Flat: one colour for the whole block, so its noise makes no edges.
        var result = _mm_or_si128(_mm_and_si128(flat, darkByThreshold), _mm_andnot_si128(flat, threshold))
        var darkByFallback = zero
        if fallback >= 0 {
            let level = _mm_set1_epi8(CChar(bitPattern: UInt8(clamping: fallback)))
            darkByFallback = _mm_cmpeq_epi8(_mm_min_epu8(mean, level), mean)
        }
        result = _mm_or_si128(_mm_and_si128(none, darkByFallback), _mm_andnot_si128(none, result))
        UnsafeMutableRawPointer(thresholds.baseAddress.unsafelyUnwrapped + index).storeBytes(
            of: result,
            as: __m128i.self
        )
    }

    /// The frame-wide totals behind the fallback threshold, sixteen blocks at a time: the sum
    /// of the black points (zero for a flat block, so the sum is over the edged ones), the
    /// number of edged blocks, the darkest and the lightest block mean.
    ///
    /// - Returns: The totals over the first `done` blocks (a multiple of 16); the caller adds
    ///   the rest.
    func blockTotals() -> (edgedSum: Int, edgedCount: Int, darkest: Int, lightest: Int, done: Int) {
        let count = blocksX * blocksY
        let points = blackPoints.baseAddress.unsafelyUnwrapped
        let ranges = contrast.baseAddress.unsafelyUnwrapped
        let blockMeans = means.baseAddress.unsafelyUnwrapped
        let zero = _mm_setzero_si128()
        // Flat blocks compare as 0xFF (range at most the minimum contrast); counted by `psadbw`.
        let edge = _mm_set1_epi8(CChar(bitPattern: UInt8(clamping: minimumContrast)))
        var sum = zero
        var flat = zero
        var lo = _mm_set1_epi8(-1)
        var hi = zero
        var index = 0
        while index + 16 <= count {
            let p = UnsafeRawPointer(points + index).loadUnaligned(as: __m128i.self)
            let r = UnsafeRawPointer(ranges + index).loadUnaligned(as: __m128i.self)
            let m = UnsafeRawPointer(blockMeans + index).loadUnaligned(as: __m128i.self)
            sum = _mm_add_epi64(sum, _mm_sad_epu8(p, zero))
            // range <= edge exactly when min(range, edge) == range.
            let isFlat = _mm_and_si128(_mm_cmpeq_epi8(_mm_min_epu8(r, edge), r), _mm_set1_epi8(1))
            flat = _mm_add_epi64(flat, _mm_sad_epu8(isFlat, zero))
            lo = _mm_min_epu8(lo, m)
            hi = _mm_max_epu8(hi, m)
            index += 16
        }
        let sums = unsafeBitCast(sum, to: SIMD2<UInt64>.self)
        let flats = unsafeBitCast(flat, to: SIMD2<UInt64>.self)
        let minima = unsafeBitCast(lo, to: SIMD16<UInt8>.self)
        let maxima = unsafeBitCast(hi, to: SIMD16<UInt8>.self)
        return (
            Int(sums[0] + sums[1]), index - Int(flats[0] + flats[1]), Int(minima.min()), Int(maxima.max()), index
        )
    }
}
#endif
