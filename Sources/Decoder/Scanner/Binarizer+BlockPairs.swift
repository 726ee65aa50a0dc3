#if arch(x86_64)
internal import _Builtin_intrinsics.intel

extension Binarizer {
    /// The statistics of the whole 8 x 8 blocks of one block row, two at a time (16 columns),
    /// straight from the pixels with SSE2: the same minimum, maximum and mean over every second
    /// row as the column-statistics path in ``compute(_:)``, into `contrast`, `means` and
    /// `blackPoints`.
    ///
    /// The four rows' bytes are folded vertically (`pminub`, `pmaxub`), then within each block's
    /// 64-bit lane by shifts of 8, 16 and 32 bits, which leaves the block's minimum (maximum) in
    /// the lane's lowest byte; `psadbw` against zero sums each lane's eight bytes. Swift's
    /// generic vector operations go lane by lane for this, hence the intrinsics. callgrind, an
    /// empty 640 x 480 frame: the binarizer's block statistics from about 770,000 instructions
    /// a frame to about 160,000.
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
        var bx = 0
        while (bx + 2) << 3 <= width {
            let x = bx << 3
            let a = UnsafeRawPointer(row0 + x).loadUnaligned(as: __m128i.self)
            let b = UnsafeRawPointer(row1 + x).loadUnaligned(as: __m128i.self)
            let c = UnsafeRawPointer(row2 + x).loadUnaligned(as: __m128i.self)
            let d = UnsafeRawPointer(row3 + x).loadUnaligned(as: __m128i.self)
            var lo = _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d))
            var hi = _mm_max_epu8(_mm_max_epu8(a, b), _mm_max_epu8(c, d))
            lo = _mm_min_epu8(lo, _mm_srli_epi64(lo, 8))
            lo = _mm_min_epu8(lo, _mm_srli_epi64(lo, 16))
            lo = _mm_min_epu8(lo, _mm_srli_epi64(lo, 32))
            hi = _mm_max_epu8(hi, _mm_srli_epi64(hi, 8))
            hi = _mm_max_epu8(hi, _mm_srli_epi64(hi, 16))
            hi = _mm_max_epu8(hi, _mm_srli_epi64(hi, 32))
            let sum = _mm_add_epi64(
                _mm_add_epi64(_mm_sad_epu8(a, zero), _mm_sad_epu8(b, zero)),
                _mm_add_epi64(_mm_sad_epu8(c, zero), _mm_sad_epu8(d, zero))
            )
            let minima = unsafeBitCast(lo, to: SIMD16<UInt8>.self)
            let maxima = unsafeBitCast(hi, to: SIMD16<UInt8>.self)
            let sums = unsafeBitCast(sum, to: SIMD2<UInt64>.self)
            // 32 pixels a block: the mean is the sum over 32.
            let range0 = maxima[0] &- minima[0]
            let range1 = maxima[8] &- minima[8]
            let mean0 = UInt8(truncatingIfNeeded: sums[0] >> 5)
            let mean1 = UInt8(truncatingIfNeeded: sums[1] >> 5)
            ranges[bx] = range0
            ranges[bx + 1] = range1
            blockMeans[bx] = mean0
            blockMeans[bx + 1] = mean1
            points[bx] = range0 > edge ? mean0 : 0
            points[bx + 1] = range1 > edge ? mean1 : 0
            bx += 2
        }
        return bx
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
