/// Finds and reads every QR code in 8-bit luma frames of one geometry.
///
/// Sized once for a frame geometry and reused frame after frame: every buffer is allocated in
/// `init` and freed in `deinit`, so scanning allocates nothing on the heap for frames without
/// a symbol. Not thread-safe; use one scanner per thread. The stages, each in its own file:
/// ``Binarizer`` (local thresholds), ``FinderScanner`` (1:1:3:1:1 runs of both polarities),
/// ``FinderGrouper`` (triples in symbol orientation), ``GridSampler`` (size, alignment pattern,
/// homography, sampling), and the grid decoder.
public final class QRScanner {
    /// Frame width in pixels this scanner is sized for.
    public let width: Int
    /// Frame height in pixels this scanner is sized for.
    public let height: Int
    /// The largest version looked for: a lower bound means fewer false candidates and less work.
    public let maximumVersion: QRVersion

    private let binarizer: Binarizer
    private var finders: FinderScanner
    private var grouper: FinderGrouper
    private let sampler: GridSampler
    private let decoder = QRGridDecoder()
    /// Finder triples tried without a symbol before a frame is given up: bounds the worst case.
    private let maximumFailedAttempts = 16

    /// Sizes a scanner for frames of one geometry.
    ///
    /// - Parameters:
    ///   - width: Pixels per row.
    ///   - height: Rows.
    ///   - maximumVersion: The largest symbol version to look for.
    /// - Throws: ``QRScanError/invalidGeometry(width:height:)`` when a side is under 21 pixels.
    public init(width: Int, height: Int, maximumVersion: QRVersion = .max) throws(QRScanError) {
        guard width >= 21 && height >= 21 && width <= 1 << 15 && height <= 1 << 15 else {
            throw .invalidGeometry(width: width, height: height)
        }
        self.width = width
        self.height = height
        self.maximumVersion = maximumVersion
        binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
        finders = FinderScanner(width: width, capacity: 256)
        grouper = FinderGrouper(capacity: 128)
        sampler = GridSampler()
    }

    deinit {
        binarizer.deallocate()
        finders.deallocate()
        grouper.deallocate()
        sampler.deallocate()
    }

    /// Finds and decodes every QR symbol in one frame.
    ///
    /// The luma plane is read in place during the call and not kept. A frame without a symbol
    /// gives an empty array and allocates nothing.
    ///
    /// - Parameters:
    ///   - luma: The frame's 8-bit luma plane, `stride` bytes per row, borrowed for the call.
    ///   - stride: Bytes from one row to the next; at least ``width``.
    /// - Returns: The symbols decoded, best-located first; each payload once per location.
    /// - Throws: ``QRScanError`` when the buffer does not fit the scanner's geometry.
    public func scan(_ luma: UnsafeBufferPointer<UInt8>, stride: Int) throws(QRScanError) -> [ScannedSymbol] {
        let plane = try plane(luma, stride: stride)
        var found: [ScannedSymbol] = []
        locate(plane) { grid in
            let symbol: QRSymbol
            do {
                symbol = try decoder.decode(
                    modules: UnsafeBufferPointer(start: grid.modules, count: grid.size * grid.size),
                    side: grid.size
                )
            } catch {
                // Most candidate grids are not symbols; a failed decode just means "not here".
                return false
            }
            let s = Double(grid.size)
            let topLeft = grid.transform.map(0, 0)
            let topRight = grid.transform.map(s, 0)
            let bottomRight = grid.transform.map(s, s)
            let bottomLeft = grid.transform.map(0, s)
            // A mirrored symbol was read transposed: its top-right is the grid's bottom-left.
            let (second, fourth) = symbol.mirrored ? (bottomLeft, topRight) : (topRight, bottomLeft)
            let corners = [topLeft, second, bottomRight, fourth].map { ImagePoint(x: $0.x, y: $0.y) }
            found.append(ScannedSymbol(symbol: symbol, corners: corners, inverted: grid.inverted))
            return true
        }
        return found
    }

    /// Checks a borrowed buffer against the geometry and wraps it.
    func plane(_ luma: UnsafeBufferPointer<UInt8>, stride: Int) throws(QRScanError) -> LumaPlane {
        guard stride >= width else { throw .strideTooSmall(stride: stride, width: width) }
        let needed = (height - 1) * stride + width
        guard let base = luma.baseAddress, luma.count >= needed else {
            throw .bufferTooSmall(bytes: luma.count, needed: needed)
        }
        return LumaPlane(base: base, width: width, height: height, stride: stride)
    }

    /// Runs every stage up to the sampled grid and offers each grid to `accept`, best
    /// candidates first; a grid accepted marks its three finders used.
    ///
    /// - Parameters:
    ///   - luma: The frame.
    ///   - accept: Decodes (or inspects) a grid; returns `true` when it was a symbol.
    func locate(_ luma: LumaPlane, _ accept: (SampledGrid) -> Bool) {
        binarizer.compute(luma)
        finders.scan(luma, binarizer)
        guard finders.count >= 3 else { return }
        let candidates = finders.candidates
        grouper.group(
            candidates,
            count: finders.count,
            minimumCount: 2,
            maximumModules: maximumVersion.size
        )
        // Triples come best first; a frame of clutter stops after a bounded number of failures.
        var failures = 0
        for t in 0..<grouper.count where failures < maximumFailedAttempts {
            let triple = grouper.triples[t]
            let tl = candidates[Int(triple.topLeft)]
            let tr = candidates[Int(triple.topRight)]
            let bl = candidates[Int(triple.bottomLeft)]
            guard !tl.used && !tr.used && !bl.used else { continue }
            if attempt(luma, tl, tr, bl, accept) {
                candidates[Int(triple.topLeft)].used = true
                candidates[Int(triple.topRight)].used = true
                candidates[Int(triple.bottomLeft)].used = true
            } else {
                failures += 1
            }
        }
    }

    /// Tries the versions the finders' spacing allows, most likely first.
    private func attempt(
        _ luma: LumaPlane,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        _ accept: (SampledGrid) -> Bool
    ) -> Bool {
        let across = span(luma, tl, tr)
        let down = span(luma, tl, bl)
        let estimate = ((across + down) / 2 - 17) / 4
        guard estimate > 0.5 && estimate < Float(maximumVersion.rawValue) + 0.5 else { return false }
        let nearest = Int(estimate.rounded())
        let other = estimate > Float(nearest) ? nearest + 1 : nearest - 1
        // Strong perspective biases the estimate: then both neighbours are worth a try.
        let sizes = (tl.moduleSize, tr.moduleSize, bl.moduleSize)
        let tilted = Swift.max(sizes.0, sizes.1, sizes.2) > Swift.min(sizes.0, sizes.1, sizes.2) * 1.15
        for pass in 0..<3 {
            let version = pass == 0 ? nearest : pass == 1 ? other : 2 * nearest - other
            guard version >= 1 && version <= maximumVersion.rawValue else { continue }
            if pass == 1 && abs(estimate - Float(nearest)) < 0.2 && !tilted { break }
            if pass == 2 && !tilted { break }
            let size = 17 + 4 * version
            // The fourth corner where perspective puts it, judged from the finders' module
            // sizes; then, where that differs, where a parallelogram puts it (right when a
            // finder's size was misjudged), if its timing patterns read better than chance: a
            // second alignment search for every clutter triple cost the real photos and the
            // empty kiosk frames some 70 % more time in all, gated some 35 %, with the same
            // symbols read.
            let perspective = GridSampler.perspectiveGuess(tl, tr, bl, size: size)
            if let guess = perspective,
                sample(luma, tl, tr, bl, size: size, guess: guess, score: nil, accept)
            {
                return true
            }
            guard let parallelogram = GridSampler.affineTransform(tl, tr, bl, size: size) else { continue }
            var score: Float? = nil
            if let guess = perspective {
                let corner = Double(size) - 3.5
                let p = guess.map(corner, corner), q = parallelogram.map(corner, corner)
                guard (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) >= 0.25 else { continue }
                let s = GridSampler.timingScore(luma, binarizer, parallelogram, size: size, inverted: tl.inverted)
                guard s >= 0.55 else { continue }
                score = s
            }
            if sample(luma, tl, tr, bl, size: size, guess: parallelogram, score: score, accept) { return true }
        }
        return false
    }

    /// Refines `guess` (whose timing patterns read `score`, when already known) by the alignment
    /// pattern where there is one, samples the grid if the timing patterns read well enough
    /// through the better transform, and offers it to `accept`.
    private func sample(
        _ luma: LumaPlane,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        guess: PerspectiveTransform,
        score guessScore: Float?,
        _ accept: (SampledGrid) -> Bool
    ) -> Bool {
        var transform = guess
        var score = guessScore ?? GridSampler.timingScore(luma, binarizer, guess, size: size, inverted: tl.inverted)
        if size >= 25,
            let aligned = GridSampler.alignmentTransform(luma, binarizer, tl, tr, bl, size: size, guess: guess)
        {
            let alignedScore = GridSampler.timingScore(luma, binarizer, aligned, size: size, inverted: tl.inverted)
            if alignedScore >= score {
                transform = aligned
                score = alignedScore
            }
        }
        guard score >= 0.6 else { return false }
        return accept(sampler.sample(luma, binarizer, transform, size: size, inverted: tl.inverted))
    }

    /// The symbol side in modules implied by two finders' distance and their widths along it.
    private func span(_ luma: LumaPlane, _ a: FinderCandidate, _ b: FinderCandidate) -> Float {
        let dx = b.x - a.x, dy = b.y - a.y
        let distance = (dx * dx + dy * dy).squareRoot()
        let ea = GridSampler.finderExtent(luma, binarizer, a, towardX: b.x, towardY: b.y) ?? a.moduleSize * 7
        let eb = GridSampler.finderExtent(luma, binarizer, b, towardX: a.x, towardY: a.y) ?? b.moduleSize * 7
        let module = (ea + eb) / 14
        return distance / module + 7
    }
}
