import Testing
import TestSupport

@testable import Decoder

/// The scanner's stages up to the sampled grid, on rendered frames: the grid must equal the
/// source matrix module for module.
@Suite struct ScannerGeometryTests {
    @Test(arguments: Array(stride(from: 0, to: 360, by: 15)))
    func everyFifteenDegreesSamplesExactly(degrees: Int) throws {
        var random = SeededRandom(seed: UInt64(degrees) + 1)
        let matrix = randomSymbolMatrix(version: 3, random: &random)
        var frame = FrameRenderer(width: 320, height: 320)
        frame.place(
            Placement(matrix: matrix, centerX: 160, centerY: 160, modulePixels: 4, rotationDegrees: Double(degrees))
        )
        let grids = try probeGrids(frame.luma, width: 320, height: 320)
        #expect(grids.contains { $0.equals(matrix) }, "\(grids.map { $0.differences(matrix) })")
    }
}

extension ScannerGeometryTests {
    @Test(arguments: [0, 30, 45, 200])
    func invertedSymbolsSampleAsTheirMatrix(degrees: Int) throws {
        var random = SeededRandom(seed: UInt64(degrees) + 100)
        let matrix = randomSymbolMatrix(version: 4, random: &random)
        var frame = FrameRenderer(width: 320, height: 320, background: 60)
        frame.place(
            Placement(
                matrix: matrix,
                centerX: 160,
                centerY: 160,
                modulePixels: 4,
                rotationDegrees: Double(degrees),
                inverted: true,
                dark: 70,
                light: 200
            )
        )
        let grids = try probeGrids(frame.luma, width: 320, height: 320)
        #expect(grids.contains { $0.inverted && $0.equals(matrix) }, "\(grids.map { $0.differences(matrix) })")
    }
}
