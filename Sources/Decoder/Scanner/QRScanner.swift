/// Finds and reads every QR code in 8-bit luma frames of one geometry.
///
/// Sized once for a frame geometry and reused frame after frame: every buffer is allocated in
/// `init` and freed in `deinit`, so scanning allocates nothing on the heap for frames without
/// a symbol. Not thread-safe; use one scanner per thread. The stages, each in its own file:
/// ``Binarizer`` (local thresholds), ``FinderScanner`` (1:1:3:1:1 runs of both polarities),
/// ``FinderGrouper`` (triples in symbol orientation), ``GridSampler`` (finder centroids, size,
/// alignment patterns, homographies fitted to the finders' rings and the alignment patterns,
/// sampling), and the grid decoder. Finders left over are paired up for symbols that show only
/// two (``recoverFromPairs(_:_:)``), and a grid with clipped glare on it that does not decode is
/// read again with erasures (``GridSampler/rereadGlare(size:transform:inverted:)``). ``inspect(_:stride:)`` reports every stage of one frame.
public final class QRScanner {
    /// Frame width in pixels this scanner is sized for.
    public let width: Int
    /// Frame height in pixels this scanner is sized for.
    public let height: Int
    /// The largest version looked for: a lower bound means fewer false candidates and less work.
    public let maximumVersion: QRVersion

    let binarizer: Binarizer
    private(set) var finders: FinderScanner
    private var grouper: FinderGrouper
    let sampler: GridSampler
    /// For a small frame: a scanner for the frame enlarged twice and the enlarged pixels, tried
    /// when the frame itself gives nothing (see ``scanEnlarged(_:)``); `nil` for larger frames.
    private let enlarged: (scanner: QRScanner, pixels: UnsafeMutableBufferPointer<UInt8>)?
    /// The candidates ``recoverFromPairs(_:_:)`` pairs up, best confirmed first.
    let pairOrder: UnsafeMutableBufferPointer<Int>
    private let decoder = QRGridDecoder()
    /// Finder triples tried without a symbol before a frame is given up: bounds the worst case.
    private let maximumFailedAttempts = 16
    /// Groupings of the finders left after a round that read symbols (see ``locate(_:_:)``).
    private let maximumGroupingRounds = 12
    /// The timing score above which a version 7+ attempt fits all its alignment patterns.
    let gridGate: Float = 0.55
    /// Set only while ``inspect(_:stride:)`` runs: the attempts are recorded into it.
    var trace: ScanTrace?
    /// The transform and size of the grid accepted last.
    private(set) var acceptedTransform = PerspectiveTransform.identity
    private(set) var acceptedSize = 21

    /// Sizes a scanner for frames of one geometry.
    ///
    /// - Parameters:
    ///   - width: Pixels per row.
    ///   - height: Rows.
    ///   - maximumVersion: The largest symbol version to look for.
    /// - Throws: ``QRScanError/invalidGeometry(width:height:)`` when a side is under 21 pixels.
    public convenience init(width: Int, height: Int, maximumVersion: QRVersion = .max) throws(QRScanError) {
        try self.init(width: width, height: height, maximumVersion: maximumVersion, enlarging: true)
    }

    /// Sizes a scanner; `enlarging` adds the enlarged second look for small frames (the
    /// enlarged scanner itself enlarges again while it is small enough).
    private init(width: Int, height: Int, maximumVersion: QRVersion, enlarging: Bool) throws(QRScanError) {
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
        pairOrder = .allocate(capacity: 12)
        pairOrder.initialize(repeating: 0)
        if enlarging && Swift.max(width, height) <= Self.enlargedSide {
            let scanner = try QRScanner(
                width: 2 * width,
                height: 2 * height,
                maximumVersion: maximumVersion,
                enlarging: true
            )
            let pixels = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4 * width * height)
            pixels.initialize(repeating: 0)
            enlarged = (scanner, pixels)
        } else {
            enlarged = nil
        }
    }

    /// The longer side up to which a frame that gives nothing is scanned again enlarged.
    ///
    /// Enlarged twice, and up to half this side four times (the enlarged scanner enlarges
    /// again): a code of one to one and a half pixels a module (a thumbnail, a distant shot)
    /// has finder runs too short to measure. A camera frame (640 x 480 and up) gets none.
    static var enlargedSide: Int { 400 }

    deinit {
        binarizer.deallocate()
        finders.deallocate()
        grouper.deallocate()
        sampler.deallocate()
        pairOrder.deallocate()
        enlarged?.pixels.deallocate()
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
            let result = decoder.decodeResult(
                modules: UnsafeBufferPointer(start: grid.modules, count: grid.size * grid.size),
                side: grid.size,
                erasureSlack: grid.erasureSlack
            )
            // Most candidate grids are not symbols; a failed decode just means "not here".
            guard case .success(let symbol) = result else { return false }
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
        if found.isEmpty, enlarged != nil { return scanEnlarged(plane) }
        return found
    }

    /// Scans a small frame enlarged twice (bilinear, pixel centres kept in place) and maps the
    /// corners found back to the frame.
    private func scanEnlarged(_ luma: LumaPlane) -> [ScannedSymbol] {
        guard let (scanner, pixels) = enlarged else { return [] }
        let w = width, h = height, wide = 2 * width
        // Each output pixel is 3/4 its source pixel and 1/4 the neighbour on its side, along
        // both axes (clamped at the edges): the centres of 2x and 2x + 1 sit at a quarter pixel
        // either side of source pixel x's.
        for y in 0..<h {
            for half in 0..<2 {
                let ny = Swift.min(Swift.max(half == 0 ? y - 1 : y + 1, 0), h - 1)
                let row = (2 * y + half) * wide
                for x in 0..<w {
                    let left = Swift.max(x - 1, 0), right = Swift.min(x + 1, w - 1)
                    let here = 3 * Int(luma[x, y]) + Int(luma[x, ny])
                    let before = 3 * Int(luma[left, y]) + Int(luma[left, ny])
                    let after = 3 * Int(luma[right, y]) + Int(luma[right, ny])
                    pixels[row + 2 * x] = UInt8(truncatingIfNeeded: (3 * here + before + 8) >> 4)
                    pixels[row + 2 * x + 1] = UInt8(truncatingIfNeeded: (3 * here + after + 8) >> 4)
                }
            }
        }
        guard let found = try? scanner.scan(UnsafeBufferPointer(pixels), stride: wide) else {
            // The enlarged scanner is sized for exactly this buffer: it cannot refuse it.
            preconditionFailure("the enlarged scanner refused its own buffer")
        }
        return found.map { symbol in
            ScannedSymbol(
                symbol: symbol.symbol,
                corners: symbol.corners.map { ImagePoint(x: $0.x / 2, y: $0.y / 2) },
                inverted: symbol.inverted
            )
        }
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
        guard finders.count >= 2 else { return }
        let candidates = finders.candidates
        // With two finders only, ``recoverFromPairs(_:_:)`` alone can place a symbol.
        guard finders.count >= 3 else { return recoverFromPairs(luma, accept) }
        // A grouping takes the best-confirmed `candidateLimit` finders, a few symbols' worth: a
        // frame of many symbols is grouped again from the finders left while a round reads one.
        var capped = true
        var rounds = 0
        while capped && rounds < maximumGroupingRounds {
            var eligible = 0
            for i in 0..<finders.count
            where !candidates[i].used && (candidates[i].count >= 2 || candidates[i].moduleSize < 3) {
                eligible += 1
            }
            guard eligible >= 3 else { break }
            capped = eligible > grouper.candidateLimit
            rounds += 1
            grouper.group(
                candidates,
                count: finders.count,
                minimumCount: 2,
                maximumModules: maximumVersion.size
            )
            // Triples come best first; a frame of clutter stops after a bounded number of failures.
            var failures = 0
            var read = 0
            for t in 0..<grouper.count where failures < maximumFailedAttempts {
                let triple = grouper.triples[t]
                let tl = candidates[Int(triple.topLeft)]
                let tr = candidates[Int(triple.topRight)]
                let bl = candidates[Int(triple.bottomLeft)]
                guard !tl.used && !tr.used && !bl.used else { continue }
                if attempt(
                    luma,
                    triple,
                    GridSampler.centredFinder(luma, binarizer, tl),
                    GridSampler.centredFinder(luma, binarizer, tr),
                    GridSampler.centredFinder(luma, binarizer, bl),
                    accept
                ) {
                    candidates[Int(triple.topLeft)].used = true
                    candidates[Int(triple.topRight)].used = true
                    candidates[Int(triple.bottomLeft)].used = true
                    // Finder-like runs inside a symbol just read are its data modules, not another
                    // symbol's finders: no triple with one of them is tried (a dense symbol is full
                    // of them, each costing an attempt).
                    markCovered(candidates, count: finders.count, by: acceptedTransform, size: acceptedSize)
                    read += 1
                } else {
                    failures += 1
                }
            }
            if read == 0 { break }
        }
        recoverFromPairs(luma, accept)
    }

    /// Tries the versions the finders' spacing allows, most likely first.
    func attempt(
        _ luma: LumaPlane,
        _ triple: FinderTriple,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        sizeEstimate: Float? = nil,
        _ accept: (SampledGrid) -> Bool
    ) -> Bool {
        // A finder put where two others imply it (``recoverFromPairs(_:_:)``) has no rings to
        // measure: the side comes from the two real ones, and only their rings are trusted.
        let side = sizeEstimate ?? (span(luma, tl, tr) + span(luma, tl, bl)) / 2
        let estimate = (side - 17) / 4
        guard estimate > 0.5 && estimate < Float(maximumVersion.rawValue) + 0.5 else { return false }
        let nearest = Int(estimate.rounded())
        let other = estimate > Float(nearest) ? nearest + 1 : nearest - 1
        // Strong perspective biases the estimate: then both neighbours are worth a try.
        let sizes = (tl.moduleSize, tr.moduleSize, bl.moduleSize)
        // So does a side measured from two finders only: then all three are tried too.
        let tilted =
            Swift.max(sizes.0, sizes.1, sizes.2) > Swift.min(sizes.0, sizes.1, sizes.2) * 1.15 || sizeEstimate != nil
        // The finders' rings, measured once for every version tried (-1: not yet).
        var ringCount = -1
        for pass in 0..<3 {
            let version = pass == 0 ? nearest : pass == 1 ? other : 2 * nearest - other
            guard version >= 1 && version <= maximumVersion.rawValue else { continue }
            if pass == 1 && abs(estimate - Float(nearest)) < 0.2 && !tilted { break }
            if pass == 2 && !tilted { break }
            let size = 17 + 4 * version
            let finders = trace == nil ? [] : [Int(triple.topLeft), Int(triple.topRight), Int(triple.bottomLeft)]
            guard let guess = GridSampler.affineTransform(tl, tr, bl, size: size) else {
                trace?.record(
                    finders,
                    version: version,
                    transform: "affine",
                    timingScore: 0,
                    through: nil,
                    outcome: .noTransform
                )
                continue
            }
            // The quick way first, as most codes need no more: the affine guess, through the
            // bottom-right alignment pattern for version 2 and up, whichever reads the timing
            // patterns better. When the affine guess already lands on every module of that
            // alignment pattern (a flat code seen square-on), it is sampled before the pattern
            // is searched for, and a symbol it decodes needs no search at all.
            var quick = Candidate(transform: guess, score: timing(luma, guess, size, tl.inverted), kind: "affine")
            let affineFirst =
                quick.score >= 0.6
                && (version == 1
                    || GridSampler.alignmentScore(luma, binarizer, guess, centre: size - 7, inverted: tl.inverted)
                        .matches == 25)
            if affineFirst,
                tryCandidate(luma, quick, size: size, version: version, finders: finders, inverted: tl.inverted, accept)
            {
                return true
            }
            var quickIsAffine = true
            if version >= 2,
                let aligned = sampler.alignmentTransform(luma, binarizer, tl, tr, bl, size: size, guess: guess)
            {
                let candidate = Candidate(
                    transform: aligned,
                    score: timing(luma, aligned, size, tl.inverted),
                    kind: "alignment"
                )
                if candidate.score >= quick.score {
                    quick = candidate
                    quickIsAffine = false
                }
            }
            // The better of the two is sampled when its timing patterns hold, the affine guess
            // only if it was not sampled above.
            let quickTried = quick.score >= 0.6
            if quickTried, !(quickIsAffine && affineFirst),
                tryCandidate(luma, quick, size: size, version: version, finders: finders, inverted: tl.inverted, accept)
            {
                return true
            }
            // Then the perspective the finders' rings show, and the alignment pattern searched
            // from there. Each candidate is judged by its timing patterns; the best is sampled,
            // and the runner-up too when the best does not decode. On a tie the later, better
            // informed transform wins.
            var best = quick
            var second: Candidate?
            var started = !quickTried
            func consider(_ transform: PerspectiveTransform, _ kind: StaticString) {
                let candidate = Candidate(
                    transform: transform,
                    score: timing(luma, transform, size, tl.inverted),
                    kind: kind
                )
                if !started {
                    best = candidate
                    started = true
                } else if candidate.score >= best.score {
                    second = best
                    best = candidate
                } else if second == nil || candidate.score >= second!.score {
                    second = candidate
                }
            }
            if ringCount < 0 {
                ringCount = sizeEstimate == nil ? sampler.measureRings(luma, tl, tr, bl, size: size, guess: guess) : 0
            }
            let fitted = sampler.finderTransform(tl, tr, bl, size: size, ringCount: ringCount)
            if let fitted {
                consider(fitted, "finders")
                // The alignment pattern is looked for again only where the first search, a few
                // modules around the affine prediction, did not already look.
                let c = Double(size - 7) + 0.5
                let a = guess.map(c, c), f = fitted.map(c, c), unit = guess.map(c + 1, c)
                let moved = ((a.x - f.x) * (a.x - f.x) + (a.y - f.y) * (a.y - f.y)).squareRoot()
                let module = ((unit.x - a.x) * (unit.x - a.x) + (unit.y - a.y) * (unit.y - a.y)).squareRoot()
                if version >= 2 && moved > 1.5 * module,
                    let aligned = sampler.alignmentTransform(
                        luma,
                        binarizer,
                        tl,
                        tr,
                        bl,
                        size: size,
                        guess: fitted,
                        perspective: true
                    )
                {
                    consider(aligned, "finders+alignment")
                }
            }
            // Without a new candidate, `best` is the quick one, sampled already.
            if started,
                tryCandidate(luma, best, size: size, version: version, finders: finders, inverted: tl.inverted, accept)
            {
                return true
            }
            // Version 7 and up have alignment patterns across the symbol: when the transforms
            // so far nearly fit but did not decode, fit one through all of them (costlier).
            if version >= 7 && best.score >= gridGate,
                let gridded = sampler.alignmentGridTransform(
                    luma,
                    binarizer,
                    tl,
                    tr,
                    bl,
                    version: version,
                    guess: best.transform,
                    ringCount: ringCount
                )
            {
                let candidate = Candidate(
                    transform: gridded,
                    score: timing(luma, gridded, size, tl.inverted),
                    kind: "alignments"
                )
                if tryCandidate(
                    luma,
                    candidate,
                    size: size,
                    version: version,
                    finders: finders,
                    inverted: tl.inverted,
                    accept
                ) {
                    return true
                }
            }
            if let second, best.score >= 0.6,
                tryCandidate(
                    luma,
                    second,
                    size: size,
                    version: version,
                    finders: finders,
                    inverted: tl.inverted,
                    accept
                )
            {
                return true
            }
        }
        return false
    }

    /// Samples and offers the grid `candidate` gives when its timing patterns look like a symbol's.
    private func tryCandidate(
        _ luma: LumaPlane,
        _ candidate: Candidate,
        size: Int,
        version: Int,
        finders: [Int],
        inverted: Bool,
        _ accept: (SampledGrid) -> Bool
    ) -> Bool {
        guard candidate.score >= 0.6 else {
            trace?.record(
                finders,
                version: version,
                transform: "\(candidate.kind)",
                timingScore: Double(candidate.score),
                through: candidate.transform,
                outcome: .timing
            )
            return false
        }
        let grid = sampler.sample(luma, binarizer, candidate.transform, size: size, inverted: inverted)
        trace?.pending = trace?.attempt(
            finders,
            version: version,
            transform: "\(candidate.kind)",
            timingScore: Double(candidate.score),
            through: candidate.transform,
            outcome: .timing
        )
        var accepted = accept(grid)
        if !accepted, let reread = sampler.rereadGlare(size: size, transform: candidate.transform, inverted: inverted) {
            trace?.pending = trace?.attempt(
                finders,
                version: version,
                transform: "\(candidate.kind)+glare",
                timingScore: Double(candidate.score),
                through: candidate.transform,
                outcome: .timing
            )
            accepted = accept(reread)
        }
        guard accepted else { return false }
        acceptedTransform = candidate.transform
        acceptedSize = size
        return true
    }

    /// Marks used every candidate whose centre lies inside the symbol of `size` modules that
    /// `transform` places (its quadrilateral shrunk by one module, so a neighbour's finder just
    /// outside is never taken).
    func markCovered(
        _ candidates: UnsafeMutablePointer<FinderCandidate>,
        count: Int,
        by transform: PerspectiveTransform,
        size: Int
    ) {
        let s = Double(size)
        let p0 = transform.map(1, 1), p1 = transform.map(s - 1, 1)
        let p2 = transform.map(s - 1, s - 1), p3 = transform.map(1, s - 1)
        @inline(__always) func side(
            _ a: (x: Double, y: Double),
            _ b: (x: Double, y: Double),
            _ x: Double,
            _ y: Double
        )
            -> Double
        {
            (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)
        }
        for i in 0..<count where !candidates[i].used {
            let x = Double(candidates[i].x), y = Double(candidates[i].y)
            let s0 = side(p0, p1, x, y), s1 = side(p1, p2, x, y), s2 = side(p2, p3, x, y), s3 = side(p3, p0, x, y)
            if (s0 > 0 && s1 > 0 && s2 > 0 && s3 > 0) || (s0 < 0 && s1 < 0 && s2 < 0 && s3 < 0) {
                candidates[i].used = true
            }
        }
    }

    /// A transform for one attempt, with its timing-pattern score.
    private struct Candidate {
        var transform: PerspectiveTransform
        var score: Float
        var kind: StaticString
    }

    func timing(_ luma: LumaPlane, _ transform: PerspectiveTransform, _ size: Int, _ inverted: Bool) -> Float {
        GridSampler.timingScore(luma, binarizer, transform, size: size, inverted: inverted)
    }

    /// Finder candidates of the latest frame (for inspection).
    var candidateCount: Int { finders.count }

    /// The latest frame's finder candidate `i` (for inspection).
    func candidate(_ i: Int) -> FinderCandidate { finders.candidates[i] }

    /// Triples formed in the latest frame (for inspection).
    var tripleCount: Int { grouper.count }

    /// The symbol side in modules implied by two finders' distance and their widths along it.
    func span(_ luma: LumaPlane, _ a: FinderCandidate, _ b: FinderCandidate) -> Float {
        let dx = b.x - a.x, dy = b.y - a.y
        let distance = (dx * dx + dy * dy).squareRoot()
        let ea = GridSampler.finderExtent(luma, binarizer, a, towardX: b.x, towardY: b.y) ?? a.moduleSize * 7
        let eb = GridSampler.finderExtent(luma, binarizer, b, towardX: a.x, towardY: a.y) ?? b.moduleSize * 7
        let module = (ea + eb) / 14
        return distance / module + 7
    }
}
