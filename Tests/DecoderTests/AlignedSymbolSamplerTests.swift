import Testing

@testable import Decoder

@Suite struct AlignedSymbolSamplerTests {
    /// Draws `matrix` with `module` pixels per module and a quiet zone of `quiet` modules.
    func draw(_ matrix: QRMatrix, module: Int, quiet: Int = 4) -> GrayImage {
        let side = (matrix.size + 2 * quiet) * module
        var image = GrayImage(width: side, height: side, filledWith: 230)
        for row in 0..<matrix.size {
            for column in 0..<matrix.size where matrix[row, column] {
                for dy in 0..<module {
                    for dx in 0..<module { image[(column + quiet) * module + dx, (row + quiet) * module + dy] = 20 }
                }
            }
        }
        return image
    }

    @Test(arguments: [1, 2, 7, 25, 40], [1, 3, 5])
    func samplesEveryModuleOfAnUprightSymbol(version: Int, module: Int) throws {
        var matrix = QRLayout.all[version - 1].functionPattern
        var random = SplitMix64(seed: UInt64(version * 100 + module))
        for index in QRLayout.all[version - 1].dataBitPositions {
            let i = Int(index)
            matrix[i / matrix.size, i % matrix.size] = random.next() & 1 == 1
        }
        let sampled = try AlignedSymbolSampler.sample(draw(matrix, module: module))
        #expect(sampled == matrix)
    }

    @Test func blankAndFlatImagesHoldNoSymbol() {
        #expect(throws: AlignedSymbolSampler.Failure.noContrast) {
            try AlignedSymbolSampler.sample(GrayImage(width: 50, height: 50, filledWith: 128))
        }
        var speck = GrayImage(width: 50, height: 50, filledWith: 255)
        speck[10, 10] = 0
        #expect(throws: AlignedSymbolSampler.Failure.noSymbol) { try AlignedSymbolSampler.sample(speck) }
    }
}

/// A small seeded generator (SplitMix64) so test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
