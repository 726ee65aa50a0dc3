import Foundation
import Testing
import TestSupport

@testable import Decoder

/// Counter glare: a specular highlight clips part of a voucher to white.
///
/// Each frame is rendered from the encoder with a seeded highlight at test time and must
/// decode exactly, or, for a frame without a symbol, give nothing.
@Suite struct ScannerGlareTests {
    static func scan(_ frame: FrameRenderer) throws -> [ScannedSymbol] {
        let scanner = try QRScanner(width: frame.width, height: frame.height)
        return try frame.luma.withUnsafeBufferPointer { try scanner.scan($0, stride: frame.width) }
    }

    /// Where a module centre lands in the frame.
    static func point(_ placement: Placement, column: Double, row: Double) -> (x: Double, y: Double) {
        placement.transform.map(column, row)
    }

    /// The highlight sits on one finder and clips it, centre and rings, to white: the symbol is
    /// placed from the two finders left (a side or a diagonal apart) and its timing patterns.
    @Test(arguments: [
        (2, 0, 20.0, 0.0), (3, 1, 70.0, 8.0), (4, 2, 135.0, 0.0), (5, 0, 200.0, 10.0), (6, 1, 300.0, 6.0),
        (3, 2, 250.0, 12.0),
    ])
    func readsACodeWhoseFinderIsClippedByGlare(version: Int, finder: Int, rotation: Double, tilt: Double) throws {
        let text = "KSV1:GLARE-\(version):\(finder)"
        let code = try QREncoder(level: .quartile, version: QRVersion(rawValue: version)).encode(text)
        let placement = Placement(
            matrix: code.matrix,
            centerX: 200,
            centerY: 200,
            modulePixels: 4,
            rotationDegrees: rotation,
            tiltDegrees: tilt,
            tiltAxisDegrees: rotation / 2,
            dark: 45,
            light: 200
        )
        var frame = FrameRenderer(width: 400, height: 400, background: 120)
        frame.place(placement)
        let s = Double(code.matrix.size)
        let centre = Self.point(placement, column: finder == 1 ? s - 3.5 : 3.5, row: finder == 2 ? s - 3.5 : 3.5)
        frame.glare(x: centre.x, y: centre.y, sigma: 2.2 * 4, peak: 600)
        var random = SeededRandom(seed: UInt64(version * 10 + finder))
        frame.noise(amplitude: 4, random: &random)
        #expect(try Self.scan(frame).map(\.symbol.text) == [text])
    }

    /// A highlight on the data that a hard reading cannot get through decodes when re-read.
    ///
    /// Its core clips dark and light modules alike to white and its shoulder lifts dark
    /// modules over a threshold set for the unlit code. Read again, clipped modules become
    /// erasures (Reed-Solomon fills in twice as many) and the shoulder is judged against its
    /// neighbours.
    @Test(arguments: [(3, 2.5, 600.0), (3, 3.5, 300.0), (4, 3.0, 600.0), (4, 3.5, 300.0)])
    func rereadsClippedModulesAsErasures(version: Int, sigma: Double, peak: Double) throws {
        let text = "KSV1:HIGHLIGHT:\(version)"
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: version)).encode(text)
        let n = code.matrix.size
        let sampler = GridSampler()
        defer { sampler.deallocate() }
        var random = SeededRandom(seed: UInt64(version))
        for row in 0..<n {
            for column in 0..<n {
                // Luma at the module centre: dark 50, light 200, plus the highlight, clipped.
                let dx = Double(column) + 0.5 - 0.55 * Double(n), dy = Double(row) + 0.5 - 0.6 * Double(n)
                let lift = peak * exp(-(dx * dx + dy * dy) / (2 * sigma * sigma))
                let noise = Double.random(in: -3...3, using: &random)
                let value = min(255, max(0, (code.matrix[row, column] ? 50 : 200) + lift + noise))
                sampler.values[row * n + column] = UInt8(value)
                sampler.modules[row * n + column] = value <= 125 ? 1 : 0
            }
        }
        let decoder = QRGridDecoder()
        let hard = decoder.decodeResult(modules: UnsafeBufferPointer(start: sampler.modules, count: n * n), side: n)
        guard case .failure = hard else {
            Issue.record("the hard reading decoded: the highlight is too weak to test the re-read")
            return
        }
        let grid = try #require(sampler.rereadGlare(size: n, transform: .identity, inverted: false))
        #expect(grid.erasureSlack == GridSampler.glareErasureSlack)
        let reread = decoder.decodeResult(
            modules: UnsafeBufferPointer(start: grid.modules, count: n * n),
            side: n,
            erasureSlack: grid.erasureSlack
        )
        #expect(try reread.get().text == text)
    }

    /// A grid with nothing near the sensor's ceiling has no glare to re-read.
    @Test func leavesAnUnclippedGridAlone() throws {
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: 3)).encode("KSV1:DIM")
        let n = code.matrix.size
        let sampler = GridSampler()
        defer { sampler.deallocate() }
        for row in 0..<n {
            for column in 0..<n {
                sampler.values[row * n + column] = code.matrix[row, column] ? 30 : 180
                sampler.modules[row * n + column] = code.matrix[row, column] ? 1 : 0
            }
        }
        #expect(sampler.rereadGlare(size: n, transform: .identity, inverted: false) == nil)
    }

    /// A symbol-shaped pattern of random modules, its finders intact or one clipped by glare,
    /// is no symbol: the two-finder placements and the erasures of a re-read give no payload.
    @Test(arguments: [(2, 0, 1 as UInt64), (3, 1, 2), (4, 2, 3), (5, 0, 4), (6, 1, 5), (3, 3, 6)])
    func findsNothingInAGlaredPatternOfRandomModules(version: Int, finder: Int, seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let matrix = randomSymbolMatrix(version: version, random: &random)
        let placement = Placement(
            matrix: matrix,
            centerX: 200,
            centerY: 200,
            modulePixels: 4,
            rotationDegrees: Double.random(in: 0..<360, using: &random)
        )
        var frame = FrameRenderer(width: 400, height: 400)
        frame.place(placement)
        let s = Double(matrix.size)
        // Finder 3: the spot on the data instead.
        let centre =
            finder == 3
            ? Self.point(placement, column: s / 2, row: s / 2)
            : Self.point(placement, column: finder == 1 ? s - 3.5 : 3.5, row: finder == 2 ? s - 3.5 : 3.5)
        frame.glare(x: centre.x, y: centre.y, sigma: 9, peak: 600)
        frame.noise(amplitude: 4, random: &random)
        #expect(try Self.scan(frame).isEmpty)
    }
}
