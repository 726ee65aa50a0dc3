#if arch(x86_64)
internal import _Builtin_intrinsics.intel
#endif

/// A symbol located in a frame and sampled module by module.
struct SampledGrid {
    /// Modules per side.
    let size: Int
    /// Row-major module values: 0 light, 1 dark, 2 unsure (an erasure for the decoder; only
    /// while unsure modules are few).
    let modules: UnsafeMutablePointer<UInt8>
    /// Module space (x = column, y = row, 0...size) to image.
    let transform: PerspectiveTransform
    /// Whether the symbol is light on dark.
    let inverted: Bool
    /// Erased codewords a Reed-Solomon block must leave unused for its correction to count:
    /// 0 for a grid read from local thresholds, more for one re-read around glare (see
    /// ``GridSampler/rereadGlare(size:inverted:)``), where erasures are many.
    var erasureSlack = 0

    /// The module at `row`, `column` as a dark flag; unsure modules count as light.
    func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] == 1 }
}

/// From three finders to a sampled module grid: size estimate, alignment pattern search,
/// homography, and sampling against the local thresholds.
///
/// The grid buffer (for the largest symbol), the fit's equations, the ring points and the
/// alignment search's lattice are allocated once and reused for every attempt.
struct GridSampler {
    /// Room for a version 40 grid.
    let modules: UnsafeMutablePointer<UInt8>
    /// The normal equations of ``HomographyFit``.
    let fitStorage: UnsafeMutablePointer<Double>
    /// Finder ring points of ``measureRings(_:_:_:_:size:guess:)``: x, y and finder-and-side code.
    let rings: UnsafeMutablePointer<Double>
    /// The planes of ``coarseAlignmentSearch(_:_:x:y:_:_:reach:inverted:)``'s lattice.
    let lattice: UnsafeMutablePointer<Int16>
    /// Row-major luma at each module centre of the grid sampled last (for ``rereadGlare(size:inverted:)``).
    let values: UnsafeMutablePointer<UInt8>

    init() {
        modules = .allocate(capacity: 177 * 177)
        modules.initialize(repeating: 0, count: 177 * 177)
        fitStorage = .allocate(capacity: HomographyFit.storageCount)
        fitStorage.initialize(repeating: 0, count: HomographyFit.storageCount)
        rings = .allocate(capacity: 3 * 36)
        rings.initialize(repeating: 0, count: 3 * 36)
        lattice = .allocate(capacity: Self.latticeStorageCount)
        lattice.initialize(repeating: 0, count: Self.latticeStorageCount)
        values = .allocate(capacity: 177 * 177)
        values.initialize(repeating: 0, count: 177 * 177)
    }

    /// Frees the buffers; the owner calls it once, from its `deinit`.
    func deallocate() {
        modules.deallocate()
        fitStorage.deallocate()
        rings.deallocate()
        lattice.deallocate()
        values.deallocate()
    }

    /// How many pixels a finder spans along a line through its centre (all seven modules).
    ///
    /// Walks in half-pixel steps both ways from the centre to the outer edge of the dark ring.
    static func finderExtent(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ finder: FinderCandidate,
        towardX: Float,
        towardY: Float
    ) -> Float? {
        let dx = towardX - finder.x, dy = towardY - finder.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return nil }
        let ux = dx / length * 0.5, uy = dy / length * 0.5
        let limit = Int(finder.moduleSize * 12) + 8
        var total: Float = 0
        for direction in 0..<2 {
            let sign: Float = direction == 0 ? 1 : -1
            var phase = 0
            var step = 0
            while phase < 3 {
                step += 1
                guard step <= limit else { return nil }
                let px = Int(finder.x + sign * Float(step) * ux)
                let py = Int(finder.y + sign * Float(step) * uy)
                guard px >= 0 && py >= 0 && px < luma.width && py < luma.height else { return nil }
                let on = binarizer.isDark(luma, x: px, y: py) != finder.inverted
                if on == (phase == 1) { phase += 1 }
            }
            total += (Float(step) - 0.5) * 0.5
        }
        return total
    }

    /// The transform for a symbol of `size` modules with its fourth corner where a parallelogram puts it.
    static func affineTransform(
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int
    ) -> PerspectiveTransform? {
        let s = Double(size)
        let brx = Double(tr.x) + Double(bl.x) - Double(tl.x)
        let bry = Double(tr.y) + Double(bl.y) - Double(tl.y)
        return PerspectiveTransform(
            from: (3.5, 3.5),
            (s - 3.5, 3.5),
            (s - 3.5, s - 3.5),
            (3.5, s - 3.5),
            to: (Double(tl.x), Double(tl.y)),
            (Double(tr.x), Double(tr.y)),
            (brx, bry),
            (Double(bl.x), Double(bl.y))
        )
    }

    /// The transform with the bottom-right alignment pattern's centre at `x`, `y`.
    static func alignedTransform(
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        x: Double,
        y: Double
    ) -> PerspectiveTransform? {
        let s = Double(size)
        return PerspectiveTransform(
            from: (3.5, 3.5),
            (s - 3.5, 3.5),
            (s - 6.5, s - 6.5),
            (3.5, s - 3.5),
            to: (Double(tl.x), Double(tl.y)),
            (Double(tr.x), Double(tr.y)),
            (x, y),
            (Double(bl.x), Double(bl.y))
        )
    }

    /// Signed darkness of the image under module centre `column`, `row`: positive when dark
    /// (light, for an inverted symbol), in grey levels from the local threshold.
    @inline(__always)
    static func darkness(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ transform: PerspectiveTransform,
        column: Double,
        row: Double,
        inverted: Bool
    ) -> Int? {
        let p = transform.map(column, row)
        guard p.x >= 0 && p.y >= 0 && p.x < Double(luma.width) && p.y < Double(luma.height) else { return nil }
        let value = luma.interpolated(x: Float(p.x), y: Float(p.y))
        // Inside the plane, so the unchecked conversions give `Int(p.x)` and `Int(p.y)`.
        let threshold = binarizer.threshold(x: Truncation.int(p.x), y: Truncation.int(p.y))
        return inverted ? value &- threshold : threshold &- value
    }

    /// How well the alignment pattern centred on module `centre` matches: the summed signed
    /// darkness over its 5 x 5 modules, and how many of them have the right colour.
    static func alignmentScore(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ transform: PerspectiveTransform,
        centre: Int,
        inverted: Bool
    ) -> (sum: Int, matches: Int) {
        var sum = 0
        var matches = 0
        for dr in -2...2 {
            for dc in -2...2 {
                let dark = Swift.max(abs(dr), abs(dc)) != 1
                guard
                    let d = darkness(
                        luma,
                        binarizer,
                        transform,
                        column: Double(centre + dc) + 0.5,
                        row: Double(centre + dr) + 0.5,
                        inverted: inverted
                    )
                else { return (Int.min / 2, 0) }
                let signed = dark ? d : -d
                sum += Swift.max(Swift.min(signed, 64), -64)
                if signed > 0 { matches += 1 }
            }
        }
        return (sum, matches)
    }

    /// The alignment template's score centred on image point `x`, `y` with module vectors `ex`,
    /// `ey`, read at the nearest pixels: cheap enough to try dozens of positions (a search over
    /// many shares their reads through ``coarseAlignmentSearch(_:_:x:y:_:_:reach:inverted:)``).
    static func localAlignmentScore(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Float,
        y: Float,
        _ ex: (Float, Float),
        _ ey: (Float, Float),
        inverted: Bool
    ) -> (sum: Int, matches: Int) {
        var sum = 0
        var matches = 0
        let w = Float(luma.width), h = Float(luma.height)
        for dr in -2...2 {
            for dc in -2...2 {
                let px = x + Float(dc) * ex.0 + Float(dr) * ey.0
                let py = y + Float(dc) * ex.1 + Float(dr) * ey.1
                guard px >= 0 && py >= 0 && px < w && py < h else { return (Int.min / 2, 0) }
                // Inside the plane: the unchecked conversions give `Int(px)` and `Int(py)`.
                let ix = Truncation.int(px), iy = Truncation.int(py)
                let d = binarizer.threshold(x: ix, y: iy) &- Int(luma[ix, iy])
                let dark = Swift.max(abs(dr), abs(dc)) != 1
                let signed = (dark != inverted) ? d : -d
                sum &+= Swift.max(Swift.min(signed, 64), -64)
                if signed > 0 { matches &+= 1 }
            }
        }
        return (sum, matches)
    }

    /// Searches for the bottom-right alignment pattern around where `guess` puts it, and
    /// returns the transform through it; `nil` when no convincing pattern is there.
    func alignmentTransform(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        guess: PerspectiveTransform,
        perspective: Bool = false
    ) -> PerspectiveTransform? {
        let c = Double(size - 7) + 0.5
        let p0 = guess.map(c, c)
        let px = guess.map(c + 1, c)
        let py = guess.map(c, c + 1)
        // Under perspective the module size changes across the symbol; an affine guess does not
        // know it, so extrapolate the finders' sizes multiplicatively to the bottom-right corner
        // and scale the guess's module vectors (a `perspective` guess has them already).
        let predicted = Double(tr.moduleSize) * Double(bl.moduleSize) / Double(tl.moduleSize)
        let extrapolated = Swift.min(Swift.max(predicted / (Double(tr.moduleSize + bl.moduleSize) / 2), 0.6), 1.6)
        let scale = perspective ? 1 : extrapolated
        let ex = ((px.x - p0.x) * scale, (px.y - p0.y) * scale)
        let ey = ((py.x - p0.x) * scale, (py.y - p0.y) * scale)
        let inverted = tl.inverted
        // Strong perspective also moves the corner far from where a parallelogram puts it.
        let strong = extrapolated > 1.15 || extrapolated < 0.87
        let reach = strong ? Swift.min(Swift.max(5, size / 6), 8) : Swift.min(Swift.max(3, size / 10), 6)
        // Coarse: half-module steps, the template laid out with the guess's local module
        // vectors (no homography per position).
        let best = coarseAlignmentSearch(luma, binarizer, x: p0.x, y: p0.y, ex, ey, reach: reach, inverted: inverted)
        guard best.matches >= 20 else { return nil }
        let refined = Self.refineAlignment(luma, binarizer, tl, tr, bl, size: size, x: best.x, y: best.y, ex, ey)
        return Self.alignedTransform(tl, tr, bl, size: size, x: refined.x, y: refined.y)
    }

    /// The share of timing-pattern modules (row 6 and column 6 between the finders) that read
    /// as expected through `transform`, from 0 to 1.
    static func timingScore(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ transform: PerspectiveTransform,
        size: Int,
        inverted: Bool
    ) -> Float {
        var matches = 0
        var total = 0
        for i in 8..<(size - 8) {
            let expectDark = i % 2 == 0
            for axis in 0..<2 {
                let (column, row) = axis == 0 ? (i, 6) : (6, i)
                total += 1
                guard
                    let d = darkness(
                        luma,
                        binarizer,
                        transform,
                        column: Double(column) + 0.5,
                        row: Double(row) + 0.5,
                        inverted: inverted
                    )
                else { continue }
                if (d > 0) == expectDark { matches += 1 }
            }
        }
        return total == 0 ? 0 : Float(matches) / Float(total)
    }

    /// Samples every module of a `size`-module symbol through `transform` into ``modules``.
    func sample(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ transform: PerspectiveTransform,
        size: Int,
        inverted: Bool
    ) -> SampledGrid {
        let maxX = Double(luma.width) - 0.01
        let maxY = Double(luma.height) - 0.01
        var unsure = 0
        let shift = binarizer.blockShift
        let blocksX = binarizer.blocksX
        let thresholds = binarizer.thresholds.baseAddress.unsafelyUnwrapped
        let contrast = binarizer.contrast.baseAddress.unsafelyUnwrapped
        for row in 0..<size {
            for column in 0..<size {
                let p = transform.map(Double(column) + 0.5, Double(row) + 0.5)
                // Clamped into the frame (`a > 0 ? a : 0`: a NaN, off any frame, clamps to 0
                // and counts as outside); then the unchecked conversions give `Int(x)`, `Int(y)`.
                let lx = p.x > 0 ? p.x : 0, ly = p.y > 0 ? p.y : 0
                let x = lx < maxX ? lx : maxX
                let y = ly < maxY ? ly : maxY
                let value = luma.interpolated(x: Float(x), y: Float(y))
                values[row &* size &+ column] = UInt8(truncatingIfNeeded: value)
                let bx = Truncation.int(x) &>> shift, by = Truncation.int(y) &>> shift
                let index = by &* blocksX &+ bx
                let threshold = Int(thresholds[index])
                let margin = Swift.max(2, Int(contrast[index]) &>> 5)
                let difference = value &- threshold
                // Bit 0: the hard decision; bit 2: too close to call (or outside the frame).
                var result: UInt8 = (difference <= 0) != inverted ? 1 : 0
                if abs(difference) < margin || p.x != x || p.y != y {
                    result |= 4
                    unsure &+= 1
                }
                modules[row &* size &+ column] = result
            }
        }
        // Erasures cost Reed-Solomon half an error each, but a block with as many erasures as
        // check codewords decodes to *something* whatever it holds: noise sampled as a grid is
        // full of unsure modules. Mark them only while they are few (1 % of the modules);
        // otherwise give hard decisions and let error correction prove the symbol.
        // Without an unsure module every value is already 0 or 1; otherwise sixteen at a time
        // on x86 (SSE2: the generic vector select went lane by lane, slower than the scalar
        // loop).
        let keepErasures = unsure * 100 <= size * size
        let count = size * size
        var i = unsure == 0 ? count : 0
        #if arch(x86_64)
        let one = _mm_set1_epi8(1), four = _mm_set1_epi8(4)
        let unreliable = _mm_set1_epi8(CChar(bitPattern: QRGridDecoder.unreliable))
        let erase = keepErasures ? _mm_set1_epi8(-1) : _mm_setzero_si128()
        while i + 16 <= count {
            let v = UnsafeRawPointer(modules + i).loadUnaligned(as: __m128i.self)
            // Unsure (bit 2 set) and erasures kept: the erasure value; else the hard decision.
            let unsure = _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(v, four), four), erase)
            let result = _mm_or_si128(
                _mm_and_si128(unsure, unreliable),
                _mm_andnot_si128(unsure, _mm_and_si128(v, one))
            )
            UnsafeMutableRawPointer(modules + i).storeBytes(of: result, as: __m128i.self)
            i += 16
        }
        #endif
        while i < count {
            let v = modules[i]
            modules[i] = keepErasures && v & 4 != 0 ? QRGridDecoder.unreliable : v & 1
            i += 1
        }
        return SampledGrid(size: size, modules: modules, transform: transform, inverted: inverted)
    }
}
