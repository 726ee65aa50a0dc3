/// Local thresholds for a luma plane: one per square block, from the block's own statistics
/// and its neighbours' (the approach of ZXing's hybrid binarizer).
///
/// One pass over the plane gathers each block's minimum, maximum and mean; a block whose range
/// is under the minimum contrast takes its threshold from its neighbours instead of its noise,
/// and every threshold is averaged over the 5 x 5 blocks around it. Uneven light and glare move
/// the thresholds with them; flat regions do not produce edges. Memory is allocated once, in
/// `init`, and released by ``deallocate()``.
struct Binarizer {
    /// log2 of the block side in pixels.
    let blockShift: Int
    /// Blocks per row of blocks.
    let blocksX: Int
    /// Rows of blocks.
    let blocksY: Int
    /// Pixels per row of the plane this binarizer is sized for.
    let width: Int
    /// Rows of the plane this binarizer is sized for.
    let height: Int
    /// A block whose maximum minus minimum is at most this is flat: no edge inside it.
    let minimumContrast: Int

    /// Per block: the threshold; a pixel at most this is dark.
    let thresholds: UnsafeMutableBufferPointer<UInt8>
    /// Per block: maximum minus minimum luma.
    let contrast: UnsafeMutableBufferPointer<UInt8>
    /// Per block: its mean where the block has an edge inside it, else 0.
    let blackPoints: UnsafeMutableBufferPointer<UInt8>
    /// Per block: its mean luma.
    let means: UnsafeMutableBufferPointer<UInt8>
    /// Per block: the sum of the black points of the five blocks of its row around it.
    let rowSums: UnsafeMutableBufferPointer<UInt16>
    /// Per block: how many of the five blocks of its row around it have an edge inside.
    let rowCounts: UnsafeMutableBufferPointer<UInt8>
    private let columnMin: UnsafeMutableBufferPointer<UInt8>
    private let columnMax: UnsafeMutableBufferPointer<UInt8>
    private let columnSum: UnsafeMutableBufferPointer<UInt16>

    /// Sizes the binarizer for one frame geometry.
    init(width: Int, height: Int, minimumContrast: Int) {
        let side = Swift.min(width, height)
        blockShift = side < 1000 ? 3 : (side < 2000 ? 4 : 5)
        let block = 1 << blockShift
        self.width = width
        self.height = height
        self.minimumContrast = minimumContrast
        blocksX = (width + block - 1) >> blockShift
        blocksY = (height + block - 1) >> blockShift
        let blocks = blocksX * blocksY
        thresholds = .allocate(capacity: blocks)
        contrast = .allocate(capacity: blocks)
        blackPoints = .allocate(capacity: blocks)
        means = .allocate(capacity: blocks)
        means.initialize(repeating: 0)
        rowSums = .allocate(capacity: blocks)
        rowCounts = .allocate(capacity: blocks)
        rowCounts.initialize(repeating: 0)
        columnMin = .allocate(capacity: width)
        columnMax = .allocate(capacity: width)
        columnSum = .allocate(capacity: width)
        thresholds.initialize(repeating: 0)
        contrast.initialize(repeating: 0)
        blackPoints.initialize(repeating: 0)
        rowSums.initialize(repeating: 0)
        columnMin.initialize(repeating: 0)
        columnMax.initialize(repeating: 0)
        columnSum.initialize(repeating: 0)
    }

    /// Frees the buffers; the owner calls it once, from its `deinit`.
    func deallocate() {
        thresholds.deallocate()
        contrast.deallocate()
        blackPoints.deallocate()
        means.deallocate()
        rowSums.deallocate()
        rowCounts.deallocate()
        columnMin.deallocate()
        columnMax.deallocate()
        columnSum.deallocate()
    }

    /// The threshold of the block holding pixel `x`, `y` (inside the plane).
    ///
    /// Masking shifts (`&>>`): the block shift is 3 to 5 and the coordinates are not negative,
    /// so they shift as `>>` does, without its branches for negative and oversized shift counts.
    @inline(__always)
    func threshold(x: Int, y: Int) -> Int {
        Int(thresholds[(y &>> blockShift) &* blocksX &+ (x &>> blockShift)])
    }

    /// Whether pixel `x`, `y` is dark against its local threshold.
    @inline(__always)
    func isDark(_ luma: LumaPlane, x: Int, y: Int) -> Bool {
        Int(luma[x, y]) <= threshold(x: x, y: y)
    }

    /// Computes every block's threshold for one frame.
    func compute(_ luma: LumaPlane) {
        let block = 1 << blockShift
        let colMin = columnMin.baseAddress.unsafelyUnwrapped
        let colMax = columnMax.baseAddress.unsafelyUnwrapped
        let colSum = columnSum.baseAddress.unsafelyUnwrapped
        let w = width
        for by in 0..<blocksY {
            let y0 = by << blockShift
            let y1 = Swift.min(height, y0 + block)
            let first = luma.base + y0 * luma.stride
            // Blocks already done by the vector path; the column statistics below do the rest.
            var done = 0
            #if arch(x86_64)
            if block == 8 && y1 - y0 == 8 { done = gatherBlockPairs(luma, blockRow: by) }
            #endif
            guard done < blocksX else { continue }
            let start = done << blockShift
            var x = start
            while x + 16 <= w {
                let v = UnsafeRawPointer(first + x).loadUnaligned(as: SIMD16<UInt8>.self)
                UnsafeMutableRawPointer(colMin + x).storeBytes(of: v, as: SIMD16<UInt8>.self)
                UnsafeMutableRawPointer(colMax + x).storeBytes(of: v, as: SIMD16<UInt8>.self)
                UnsafeMutableRawPointer(colSum + x).storeBytes(
                    of: SIMD16<UInt16>(truncatingIfNeeded: v),
                    as: SIMD16<UInt16>.self
                )
                x += 16
            }
            while x < w {
                let v = first[x]
                colMin[x] = v
                colMax[x] = v
                colSum[x] = UInt16(v)
                x += 1
            }
            // Every second row: a block's range and mean barely change, and the pass costs half.
            var y = y0 + 2
            while y < y1 {
                let row = luma.base + y * luma.stride
                var x = start
                while x + 16 <= w {
                    let v = UnsafeRawPointer(row + x).loadUnaligned(as: SIMD16<UInt8>.self)
                    let lo = UnsafeRawPointer(colMin + x).loadUnaligned(as: SIMD16<UInt8>.self)
                    let hi = UnsafeRawPointer(colMax + x).loadUnaligned(as: SIMD16<UInt8>.self)
                    let sum = UnsafeRawPointer(colSum + x).loadUnaligned(as: SIMD16<UInt16>.self)
                    UnsafeMutableRawPointer(colMin + x).storeBytes(
                        of: lo.replacing(with: v, where: v .< lo),
                        as: SIMD16<UInt8>.self
                    )
                    UnsafeMutableRawPointer(colMax + x).storeBytes(
                        of: hi.replacing(with: v, where: v .> hi),
                        as: SIMD16<UInt8>.self
                    )
                    UnsafeMutableRawPointer(colSum + x).storeBytes(
                        of: sum &+ SIMD16<UInt16>(truncatingIfNeeded: v),
                        as: SIMD16<UInt16>.self
                    )
                    x += 16
                }
                while x < w {
                    let v = row[x]
                    colMin[x] = Swift.min(colMin[x], v)
                    colMax[x] = Swift.max(colMax[x], v)
                    colSum[x] = colSum[x] &+ UInt16(v)
                    x += 1
                }
                y += 2
            }
            let rows = (y1 - y0 + 1) / 2
            for bx in done..<blocksX {
                let x0 = bx << blockShift
                let x1 = Swift.min(w, x0 + block)
                var lo = colMin[x0]
                var hi = colMax[x0]
                var sum = Int(colSum[x0])
                let mean: Int
                if block == 8 && x1 - x0 == 8 {
                    // A whole 8-pixel block: reduce the column statistics as vectors.
                    let mins = UnsafeRawPointer(colMin + x0).loadUnaligned(as: SIMD8<UInt8>.self)
                    let maxs = UnsafeRawPointer(colMax + x0).loadUnaligned(as: SIMD8<UInt8>.self)
                    let sums = UnsafeRawPointer(colSum + x0).loadUnaligned(as: SIMD8<UInt16>.self)
                    lo = mins.min()
                    hi = maxs.max()
                    sum = Int(sums.wrappedSum())
                    mean = rows == 4 ? sum >> 5 : sum / (8 * rows)
                } else {
                    var x = x0 + 1
                    while x < x1 {
                        lo = Swift.min(lo, colMin[x])
                        hi = Swift.max(hi, colMax[x])
                        sum &+= Int(colSum[x])
                        x += 1
                    }
                    mean = sum / ((x1 - x0) * rows)
                }
                let index = by * blocksX + bx
                let range = Int(hi) - Int(lo)
                contrast[index] = UInt8(range)
                means[index] = UInt8(mean)
                blackPoints[index] = range > minimumContrast ? UInt8(mean) : 0
            }
        }
        // Each threshold is the mean of the non-flat blocks among the 5 x 5 around it (clamped
        // inside the plane), summed separably. A flat block (no edge inside) takes one colour:
        // dark when its mean is under that threshold.
        #if arch(x86_64)
        for by in 0..<blocksY { horizontalWindows(blockRow: by) }
        #else
        horizontalWindows()
        #endif
        let fallback = fallbackThreshold()
        for by in 0..<blocksY { thresholdRow(by, fallback: fallback) }
    }

    /// Per block: the sum of the black points, and the count of edged blocks, among the five
    /// blocks of its row around it (the window clamped inside the row), into `rowSums` and
    /// `rowCounts`.
    ///
    /// Sixteen blocks at a time where the window is not clamped, one at a time near the ends.
    private func horizontalWindows() {
        let points = blackPoints.baseAddress.unsafelyUnwrapped
        let ranges = contrast.baseAddress.unsafelyUnwrapped
        let sums = rowSums.baseAddress.unsafelyUnwrapped
        let counts = rowCounts.baseAddress.unsafelyUnwrapped
        let span = Swift.min(5, blocksX)
        let flat = SIMD16<UInt8>(repeating: UInt8(minimumContrast))
        for by in 0..<blocksY {
            let base = by * blocksX
            var bx = 0
            while bx < blocksX {
                if bx >= 2 && bx + 2 < blocksX - 2 && blocksX >= 20 {
                    // Lanes bx ..< bx + 16, each window bx - 2 ... bx + 2 inside the row; the
                    // last vector of a row overlaps the one before rather than leave a tail.
                    bx = Swift.min(bx, blocksX - 18)
                    var sum = SIMD16<UInt16>(repeating: 0)
                    var edged = SIMD16<UInt8>(repeating: 0)
                    for k in -2...2 {
                        let at = base + bx + k
                        let p = UnsafeRawPointer(points + at).loadUnaligned(as: SIMD16<UInt8>.self)
                        let r = UnsafeRawPointer(ranges + at).loadUnaligned(as: SIMD16<UInt8>.self)
                        sum &+= SIMD16<UInt16>(truncatingIfNeeded: p)
                        edged &+= SIMD16<UInt8>(repeating: 0).replacing(with: 1, where: r .> flat)
                    }
                    UnsafeMutableRawPointer(sums + base + bx).storeBytes(of: sum, as: SIMD16<UInt16>.self)
                    UnsafeMutableRawPointer(counts + base + bx).storeBytes(of: edged, as: SIMD16<UInt8>.self)
                    bx += 16
                } else {
                    let left = Swift.min(Swift.max(bx - 2, 0), blocksX - span)
                    var sum = 0
                    var n = 0
                    for i in (base + left)..<(base + left + span) {
                        sum += Int(points[i])
                        n += Int(ranges[i]) > minimumContrast ? 1 : 0
                    }
                    sums[base + bx] = UInt16(sum)
                    counts[base + bx] = UInt8(n)
                    bx += 1
                }
            }
        }
    }

    /// The threshold where no block nearby has an edge inside it: the mean black point of the
    /// frame's edged blocks, or, when every block is flat (a clean code whose module edges all
    /// fall on block edges), the midpoint of the darkest and lightest block; -1 when the frame
    /// is flat.
    private func fallbackThreshold() -> Int {
        var edgedSum = 0
        var edgedCount = 0
        var darkest = 255
        var lightest = 0
        var start = 0
        #if arch(x86_64)
        (edgedSum, edgedCount, darkest, lightest, start) = blockTotals()
        #endif
        for index in start..<(blocksX * blocksY) {
            if Int(contrast[index]) > minimumContrast {
                edgedSum += Int(blackPoints[index])
                edgedCount += 1
            }
            darkest = Swift.min(darkest, Int(means[index]))
            lightest = Swift.max(lightest, Int(means[index]))
        }
        return edgedCount > 0
            ? edgedSum / edgedCount : (lightest - darkest > minimumContrast ? (darkest + lightest) / 2 : -1)
    }

    /// `dividend / divisor` lane by lane, rounded down, for dividends under 2^16 and divisors
    /// from 1 to 25.
    ///
    /// Taken in `Float` through the significand (a value under 2^23 plus 2^23 holds the integer
    /// in its low bits), as the generic conversions between integer and `Float` vectors go lane
    /// by lane through the runtime. Exact: a true quotient is either an integer or at least 1/25
    /// below the next one, so subtracting 0.48 and rounding to the nearest gives the floor.
    @inline(__always)
    private static func quotient(_ dividend: SIMD16<UInt16>, _ divisor: SIMD16<UInt16>) -> SIMD16<UInt16> {
        let magic = SIMD16<UInt32>(repeating: 0x4B00_0000)  // the bits of 2^23
        let shift = SIMD16<Float>(repeating: 8_388_608)
        let a = unsafeBitCast(SIMD16<UInt32>(truncatingIfNeeded: dividend) | magic, to: SIMD16<Float>.self) - shift
        let b = unsafeBitCast(SIMD16<UInt32>(truncatingIfNeeded: divisor) | magic, to: SIMD16<Float>.self) - shift
        let nearest = (a / b - SIMD16<Float>(repeating: 0.48)) + shift
        return SIMD16<UInt16>(truncatingIfNeeded: unsafeBitCast(nearest, to: SIMD16<UInt32>.self) & 0x7F_FFFF)
    }

    /// The thresholds of one row of blocks from the horizontal window sums of the five rows
    /// around it (clamped inside the plane).
    ///
    /// Sixteen blocks at a time (the quotients by ``quotient(_:_:)``), the last sixteen
    /// overlapping the ones before; one by one only in rows under sixteen blocks.
    private func thresholdRow(_ by: Int, fallback: Int) {
        let sums = rowSums.baseAddress.unsafelyUnwrapped
        let counts = rowCounts.baseAddress.unsafelyUnwrapped
        let top = Swift.min(Swift.max(by - 2, 0), Swift.max(blocksY - 5, 0))
        let bottom = Swift.min(top + 5, blocksY)
        let base = by * blocksX
        var bx = 0
        // Sixteen at a time; the last vector of a row overlaps the one before rather than leave
        // a tail one by one (a block's threshold depends on the inputs alone, so a block done
        // twice gets the same value twice).
        while blocksX >= 16 && bx < blocksX {
            bx = Swift.min(bx, blocksX - 16)
            #if arch(x86_64)
            thresholdSixteen(base: base, bx: bx, top: top, bottom: bottom, fallback: fallback)
            #else
            var sum = SIMD16<UInt16>(repeating: 0)
            var n = SIMD16<UInt16>(repeating: 0)
            for j in top..<bottom {
                let at = j * blocksX + bx
                sum &+= UnsafeRawPointer(sums + at).loadUnaligned(as: SIMD16<UInt16>.self)
                n &+= SIMD16<UInt16>(
                    truncatingIfNeeded: UnsafeRawPointer(counts + at).loadUnaligned(as: SIMD16<UInt8>.self)
                )
            }
            let none = n .< SIMD16<UInt16>(repeating: 1)
            let threshold = Self.quotient(sum, n.replacing(with: 1, where: none))
            let mean = SIMD16<UInt16>(
                truncatingIfNeeded: UnsafeRawPointer(means.baseAddress.unsafelyUnwrapped + base + bx)
                    .loadUnaligned(as: SIMD16<UInt8>.self)
            )
            let range = SIMD16<UInt16>(
                truncatingIfNeeded: UnsafeRawPointer(contrast.baseAddress.unsafelyUnwrapped + base + bx)
                    .loadUnaligned(as: SIMD16<UInt8>.self)
            )
            let zero = SIMD16<UInt16>(repeating: 0)
            let full = SIMD16<UInt16>(repeating: 255)
            // Flat: one colour for the whole block, so its noise makes no edges.
            var result = threshold.replacing(
                with: zero.replacing(with: full, where: mean .<= threshold),
                where: range .<= SIMD16<UInt16>(repeating: UInt16(minimumContrast))
            )
            let darkByFallback = zero.replacing(
                with: full,
                where: mean .<= SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: fallback))
            )
            result.replace(with: fallback >= 0 ? darkByFallback : zero, where: none)
            UnsafeMutableRawPointer(thresholds.baseAddress.unsafelyUnwrapped + base + bx).storeBytes(
                of: SIMD16<UInt8>(truncatingIfNeeded: result),
                as: SIMD16<UInt8>.self
            )
            #endif
            bx += 16
        }
        while bx < blocksX {
            var sum = 0
            var n = 0
            for j in top..<bottom {
                sum += Int(sums[j * blocksX + bx])
                n += Int(counts[j * blocksX + bx])
            }
            let index = base + bx
            if n == 0 {
                thresholds[index] = fallback >= 0 && Int(means[index]) <= fallback ? 255 : 0
            } else if Int(contrast[index]) <= minimumContrast {
                thresholds[index] = Int(means[index]) <= sum / n ? 255 : 0
            } else {
                thresholds[index] = UInt8(sum / n)
            }
            bx += 1
        }
    }
}
