import Testing

@testable import Decoder

/// The coarse alignment pattern search through its shared lattice of reads, against the same
/// search reading every position's template on its own.
@Suite struct AlignmentSearchTests {
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
    /// modules off its bottom-right alignment pattern: the same best position, sum and
    /// matches as the reference, on the pattern. (The lattice places its points in `Double`
    /// from the search's centre, the reference in `Float` from each position, so a module within
    /// a rounding error of a pixel's edge could read the neighbouring pixel; none does here.)
    @Test(arguments: [(0.0, 0.0, 0.0), (20.0, 1.3, -0.8), (33.0, -2.5, 2.0), (160.0, 0.4, 2.5)])
    func theLatticeFindsWhatEveryTemplateReadFinds(degrees: Double, offsetU: Double, offsetV: Double) throws {
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: 5)).encode("ALIGN")
        let width = 200, height = 200
        var frame = FrameRenderer(width: width, height: height)
        let placement = Placement(
            matrix: code.matrix,
            centerX: 100,
            centerY: 100,
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
        let guess = transform.map(centre + offsetU, centre + offsetV)
        let right = transform.map(centre + offsetU + 1, centre + offsetV)
        let down = transform.map(centre + offsetU, centre + offsetV + 1)
        let ex = (right.x - guess.x, right.y - guess.y), ey = (down.x - guess.x, down.y - guess.y)
        let luma = frame.luma
        let binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
        defer { binarizer.deallocate() }
        luma.withUnsafeBufferPointer { buffer in
            let plane = LumaPlane(base: buffer.baseAddress!, width: width, height: height, stride: width)
            binarizer.compute(plane)
            for reach in [3, 6] {
                let found = GridSampler.coarseAlignmentSearch(
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
                let module = (ex.0 * ex.0 + ex.1 * ex.1).squareRoot()
                let miss = ((found.x - truth.x) * (found.x - truth.x) + (found.y - truth.y) * (found.y - truth.y))
                    .squareRoot()
                #expect(found.matches >= 20)
                #expect(miss <= module * 0.75, "reach \(reach): \(miss) px from the pattern")
            }
        }
    }
}
