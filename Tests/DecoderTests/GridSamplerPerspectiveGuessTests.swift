import Foundation
import Testing

@testable import Decoder

/// The fourth corner of a symbol from its three finders: where perspective puts it, judged from
/// the finders' module sizes, against the rendered truth and the parallelogram.
@Suite struct GridSamplerPerspectiveGuessTests {
    /// A finder at module-space point `u`, `v` of `transform`, with the module size a scanner
    /// measures: the mean of the image lengths of one module across and one module down.
    static func finder(_ transform: PerspectiveTransform, _ u: Double, _ v: Double) -> FinderCandidate {
        let p = transform.map(u, v)
        let across = transform.map(u + 0.5, v), back = transform.map(u - 0.5, v)
        let down = transform.map(u, v + 0.5), up = transform.map(u, v - 0.5)
        func length(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
            ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }
        let module = (length(across, back) + length(down, up)) / 2
        return FinderCandidate(
            x: Float(p.x),
            y: Float(p.y),
            moduleSize: Float(module),
            count: 1,
            inverted: false,
            used: false
        )
    }

    /// Finders of one size: no perspective to judge, and the guess is the parallelogram's.
    @Test(arguments: [(21, 0.0), (41, 33.0), (57, 250.0)])
    func equalSizesGiveTheParallelogram(size: Int, degrees: Double) throws {
        let a = degrees * .pi / 180
        func at(_ u: Double, _ v: Double) -> FinderCandidate {
            FinderCandidate(
                x: Float(200 + 4 * (u * cos(a) - v * sin(a))),
                y: Float(150 + 4 * (u * sin(a) + v * cos(a)) * 0.8),
                moduleSize: 4,
                count: 1,
                inverted: false,
                used: false
            )
        }
        let s = Double(size)
        let (tl, tr, bl) = (at(3.5, 3.5), at(s - 3.5, 3.5), at(3.5, s - 3.5))
        let guess = try #require(GridSampler.perspectiveGuess(tl, tr, bl, size: size))
        let parallelogram = try #require(GridSampler.affineTransform(tl, tr, bl, size: size))
        for (u, v) in [(0.0, 0.0), (s, 0), (s, s), (0, s), (s / 2, s - 6.5)] {
            let p = guess.map(u, v), q = parallelogram.map(u, v)
            #expect(abs(p.x - q.x) < 1e-3 && abs(p.y - q.y) < 1e-3, "\(u), \(v)")
        }
    }

    /// Symbols tilted 35 to 50 degrees about several axes, through the renderer's 3-D
    /// projection: the guess puts the fourth corner's finder position (and the alignment
    /// pattern's) within a module or so of the truth, where the parallelogram misses by several.
    @Test(arguments: [(35.0, 0.0), (40.0, 45.0), (45.0, 120.0), (50.0, 200.0), (45.0, 300.0)])
    func tiltedSymbolsGetTheirFourthCorner(tilt: Double, axis: Double) throws {
        let code = try QREncoder(level: .medium).encode("KSV1:CITY-7:000123456789:AB12")
        let placement = Placement(
            matrix: code.matrix,
            centerX: 320,
            centerY: 240,
            modulePixels: 6,
            rotationDegrees: axis / 3,
            tiltDegrees: tilt,
            tiltAxisDegrees: axis
        )
        let truth = placement.transform
        let size = code.matrix.size
        let s = Double(size)
        let tl = Self.finder(truth, 3.5, 3.5)
        let tr = Self.finder(truth, s - 3.5, 3.5)
        let bl = Self.finder(truth, 3.5, s - 3.5)
        let guess = try #require(GridSampler.perspectiveGuess(tl, tr, bl, size: size))
        let parallelogram = try #require(GridSampler.affineTransform(tl, tr, bl, size: size))
        for (u, v) in [(s - 3.5, s - 3.5), (s - 6.5, s - 6.5)] {
            let t = truth.map(u, v), p = guess.map(u, v), q = parallelogram.map(u, v)
            // The local module there, from the truth.
            let next = truth.map(u + 1, v)
            let module = ((next.x - t.x) * (next.x - t.x) + (next.y - t.y) * (next.y - t.y)).squareRoot()
            let guessError = ((p.x - t.x) * (p.x - t.x) + (p.y - t.y) * (p.y - t.y)).squareRoot() / module
            let parallelogramError = ((q.x - t.x) * (q.x - t.x) + (q.y - t.y) * (q.y - t.y)).squareRoot() / module
            #expect(guessError < 1.5, "tilt \(tilt) axis \(axis) at \(u): \(guessError) modules off")
            #expect(guessError < parallelogramError / 2, "tilt \(tilt): \(guessError) vs \(parallelogramError)")
        }
    }
}
