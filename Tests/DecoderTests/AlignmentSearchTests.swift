import Testing

@testable import Decoder

/// The coarse alignment pattern search through its shared lattice of reads, against the same
/// search reading every position's template on its own.
@Suite struct AlignmentSearchTests {
    /// The image point of module coordinates `u`, `v` and the image vectors of one module to the
    /// right and one down from there: what the sampler knows when it starts a search.
    static func moduleVectors(
        _ transform: PerspectiveTransform,
        _ u: Double,
        _ v: Double
    ) -> (point: (x: Double, y: Double), ex: (Double, Double), ey: (Double, Double)) {
        let point = transform.map(u, v)
        let right = transform.map(u + 1, v), down = transform.map(u, v + 1)
        return ((point.x, point.y), (right.x - point.x, right.y - point.y), (down.x - point.x, down.y - point.y))
    }

    /// The search as it was: each half-module position's centre checked, then its whole
    /// template read with ``GridSampler/localAlignmentScore(_:_:x:y:_:_:inverted:)``.
    static func referenceSearch(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Double,
        y: Double,
        _ ex: (Double, Double),
        _ ey: (Double, Double),
        reach: Int,
        inverted: Bool
    ) -> (sum: Int, matches: Int, x: Double, y: Double) {
        let fx = (Float(ex.0), Float(ex.1)), fy = (Float(ey.0), Float(ey.1))
        var best = (sum: Int.min, matches: 0, x: x, y: y)
        for j in -2 * reach...2 * reach {
            for i in -2 * reach...2 * reach {
                let u = Double(i) * 0.5, v = Double(j) * 0.5
                let px = x + u * ex.0 + v * ey.0, py = y + u * ex.1 + v * ey.1
                let cx = Float(px), cy = Float(py)
                guard cx >= 0 && cy >= 0 && cx < Float(luma.width) && cy < Float(luma.height),
                    binarizer.isDark(luma, x: Int(cx), y: Int(cy)) != inverted
                else { continue }
                let score = GridSampler.localAlignmentScore(luma, binarizer, x: cx, y: cy, fx, fy, inverted: inverted)
                if score.sum > best.sum { best = (score.sum, score.matches, px, py) }
            }
        }
        return best
    }

    /// A version 5 code, rotated and tilted (inverted once), searched from guesses up to 2.5
    /// modules off its bottom-right alignment pattern, at every reach up to the largest (the
    /// code moved towards the frame's corner once, so that positions near the edge have
    /// modules outside it): the same best position, sum and matches as the reference, on the
    /// pattern. (The lattice places its points in `Double`
    /// from the search's centre, the reference in `Float` from each position, so a module within
    /// a rounding error of a pixel's edge could read the neighbouring pixel; none does here.)
    @Test(arguments: [
        (0.0, 0.0, 0.0, 100.0), (20.0, 1.3, -0.8, 100.0), (33.0, -2.5, 2.0, 100.0), (160.0, 0.4, 2.5, 100.0),
        (10.0, 0.7, 0.3, 122.0),
    ])
    func theLatticeFindsWhatEveryTemplateReadFinds(
        degrees: Double,
        offsetU: Double,
        offsetV: Double,
        middle: Double
    ) throws {
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: 5)).encode("ALIGN")
        let width = 200, height = 200
        var frame = FrameRenderer(width: width, height: height)
        let placement = Placement(
            matrix: code.matrix,
            centerX: middle,
            centerY: middle,
            modulePixels: 4,
            rotationDegrees: degrees,
            tiltDegrees: 25,
            tiltAxisDegrees: 30,
            inverted: degrees > 100
        )
        frame.place(placement)
        let transform = placement.transform
        let centre = Double(code.matrix.size - 7) + 0.5
        let truth = transform.map(centre, centre)
        let (guess, ex, ey) = Self.moduleVectors(transform, centre + offsetU, centre + offsetV)
        let luma = frame.luma
        let binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
        defer { binarizer.deallocate() }
        luma.withUnsafeBufferPointer { buffer in
            let plane = LumaPlane(base: buffer.baseAddress!, width: width, height: height, stride: width)
            binarizer.compute(plane)
            let sampler = GridSampler()
            defer { sampler.deallocate() }
            for reach in [2, 3, 6, GridSampler.latticeReach] {
                let found = sampler.coarseAlignmentSearch(
                    plane,
                    binarizer,
                    x: guess.x,
                    y: guess.y,
                    ex,
                    ey,
                    reach: reach,
                    inverted: placement.inverted
                )
                let expected = Self.referenceSearch(
                    plane,
                    binarizer,
                    x: guess.x,
                    y: guess.y,
                    ex,
                    ey,
                    reach: reach,
                    inverted: placement.inverted
                )
                #expect(found.sum == expected.sum && found.matches == expected.matches, "reach \(reach)")
                #expect(abs(found.x - expected.x) < 1e-9 && abs(found.y - expected.y) < 1e-9, "reach \(reach)")
                // The pattern lies within the search only when the guess is within its reach.
                guard max(abs(offsetU), abs(offsetV)) <= Double(reach) else { continue }
                let module = (ex.0 * ex.0 + ex.1 * ex.1).squareRoot()
                let miss = ((found.x - truth.x) * (found.x - truth.x) + (found.y - truth.y) * (found.y - truth.y))
                    .squareRoot()
                #expect(found.matches >= 20)
                #expect(miss <= module * 0.75, "reach \(reach): \(miss) px from the pattern")
            }
        }
    }

    /// The refinement as it was: every one of the 49 positions scored in full, then the mean
    /// of those on the plateau of the best.
    static func referenceRefinement(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int,
        x: Double,
        y: Double,
        _ ex: (Double, Double),
        _ ey: (Double, Double)
    ) -> (x: Double, y: Double) {
        var scores: [(score: Int, x: Double, y: Double)] = []
        for j in -3...3 {
            for i in -3...3 {
                let u = Double(i) * 0.125, v = Double(j) * 0.125
                let px = x + u * ex.0 + v * ey.0, py = y + u * ex.1 + v * ey.1
                guard let t = GridSampler.alignedTransform(tl, tr, bl, size: size, x: px, y: py) else { continue }
                let score = GridSampler.alignmentScore(luma, binarizer, t, centre: size - 7, inverted: tl.inverted).sum
                scores.append((score, px, py))
            }
        }
        guard let top = scores.map(\.score).max() else { return (x, y) }
        let kept = scores.filter { $0.score >= top - max(8, abs(top) / 50) }
        var sumX = 0.0, sumY = 0.0
        for k in kept {
            sumX += k.x
            sumY += k.y
        }
        return (sumX / Double(kept.count), sumY / Double(kept.count))
    }

    /// The refinement, leaving positions that cannot reach the plateau unfinished, gives the
    /// centre every position scored in full gives, on codes in perspective, from coarse
    /// positions up to half a module off (the plateau then lies off the middle, so positions
    /// are cut short against a best found later as well as against the middle's).
    @Test(arguments: [(0.0, 0.0, 0.0), (15.0, 0.5, 0.0), (40.0, -0.5, 0.5), (200.0, 0.25, -0.5)])
    func theRefinementMatchesScoringEveryPosition(degrees: Double, offsetU: Double, offsetV: Double) throws {
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: 4)).encode("REFINE")
        let side = 220
        var frame = FrameRenderer(width: side, height: side)
        let placement = Placement(
            matrix: code.matrix,
            centerX: 110,
            centerY: 110,
            modulePixels: 4.5,
            rotationDegrees: degrees,
            tiltDegrees: 30,
            tiltAxisDegrees: degrees + 20,
            inverted: degrees > 100
        )
        frame.place(placement)
        frame.blur(sigma: 0.8)
        let transform = placement.transform
        let s = Double(code.matrix.size)
        func finder(_ u: Double, _ v: Double) -> FinderCandidate {
            let p = transform.map(u, v)
            return FinderCandidate(x: Float(p.x), y: Float(p.y), moduleSize: 4.5, count: 3, inverted: placement.inverted, used: false)
        }
        let tl = finder(3.5, 3.5), tr = finder(s - 3.5, 3.5), bl = finder(3.5, s - 3.5)
        let centre = s - 6.5
        let (start, ex, ey) = Self.moduleVectors(transform, centre + offsetU, centre + offsetV)
        let luma = frame.luma
        let binarizer = Binarizer(width: side, height: side, minimumContrast: 32)
        defer { binarizer.deallocate() }
        luma.withUnsafeBufferPointer { buffer in
            let plane = LumaPlane(base: buffer.baseAddress!, width: side, height: side, stride: side)
            binarizer.compute(plane)
            let found = GridSampler.refineAlignment(
                plane,
                binarizer,
                tl,
                tr,
                bl,
                size: code.matrix.size,
                x: start.x,
                y: start.y,
                ex,
                ey
            )
            let expected = Self.referenceRefinement(
                plane,
                binarizer,
                tl,
                tr,
                bl,
                size: code.matrix.size,
                x: start.x,
                y: start.y,
                ex,
                ey
            )
            #expect(found.x == expected.x && found.y == expected.y, "\(found) against \(expected)")
            let truth = transform.map(centre, centre)
            #expect(abs(found.x - truth.x) < 2.5 && abs(found.y - truth.y) < 2.5, "\(found) against \(truth)")
        }
    }
}
