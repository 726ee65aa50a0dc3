import Testing
import TestSupport

@testable import Decoder

/// The vectorized threshold stages against a one-block-at-a-time reference of the same rule.
@Suite struct BinarizerTests {
    /// Every block's threshold by the rule as first written: block statistics over every second
    /// row, the mean black point of the edged blocks among the 5 x 5 around (clamped inside the
    /// plane), one colour for a flat block, the frame-wide fallback where no block nearby has an edge.
    static func referenceThresholds(_ luma: [UInt8], width: Int, height: Int, minimumContrast: Int) -> [UInt8] {
        let side = min(width, height)
        let shift = side < 1000 ? 3 : (side < 2000 ? 4 : 5)
        let block = 1 << shift
        let blocksX = (width + block - 1) >> shift
        let blocksY = (height + block - 1) >> shift
        var contrast = [Int](repeating: 0, count: blocksX * blocksY)
        var means = contrast
        var blackPoints = contrast
        for by in 0..<blocksY {
            for bx in 0..<blocksX {
                var lo = 255, hi = 0, sum = 0, n = 0
                for y in stride(from: by * block, to: min(height, by * block + block), by: 2) {
                    for x in (bx * block)..<min(width, bx * block + block) {
                        let v = Int(luma[y * width + x])
                        lo = min(lo, v)
                        hi = max(hi, v)
                        sum += v
                        n += 1
                    }
                }
                let i = by * blocksX + bx
                contrast[i] = hi - lo
                means[i] = sum / n
                blackPoints[i] = hi - lo > minimumContrast ? sum / n : 0
            }
        }
        let edged = contrast.indices.filter { contrast[$0] > minimumContrast }
        let fallback =
            !edged.isEmpty
            ? edged.map { blackPoints[$0] }.reduce(0, +) / edged.count
            : (means.max()! - means.min()! > minimumContrast ? (means.max()! + means.min()!) / 2 : -1)
        var thresholds = [UInt8](repeating: 0, count: blocksX * blocksY)
        for by in 0..<blocksY {
            for bx in 0..<blocksX {
                let left = min(max(bx - 2, 0), max(blocksX - 5, 0))
                let top = min(max(by - 2, 0), max(blocksY - 5, 0))
                var sum = 0, n = 0
                for j in top..<min(top + 5, blocksY) {
                    for i in left..<min(left + 5, blocksX) where contrast[j * blocksX + i] > minimumContrast {
                        sum += blackPoints[j * blocksX + i]
                        n += 1
                    }
                }
                let i = by * blocksX + bx
                if n == 0 {
                    thresholds[i] = fallback >= 0 && means[i] <= fallback ? 255 : 0
                } else if contrast[i] <= minimumContrast {
                    thresholds[i] = means[i] <= sum / n ? 255 : 0
                } else {
                    thresholds[i] = UInt8(sum / n)
                }
            }
        }
        return thresholds
    }

    /// Frames whose block rows are 2 to 90 blocks wide (every clamped, vector and tail case),
    /// with symbols, flat patches, gradients and noise, so every branch of the rule is taken.
    @Test(arguments: [(24, 24), (40, 33), (100, 60), (150, 100), (160, 120), (200, 96), (321, 239), (720, 64)])
    func vectorThresholdsMatchTheReference(width: Int, height: Int) throws {
        var random = SeededRandom(seed: UInt64(width * 1000 + height))
        for trial in 0..<4 {
            var frame = FrameRenderer(width: width, height: height, background: 60 + Double(trial) * 50)
            if trial >= 1 { frame.gradient(left: 40, right: 230) }
            if trial >= 2 {
                let code = try QREncoder(level: .medium).encode("KSV1:CITY-7:000123456789:AB12")
                frame.place(
                    Placement(
                        matrix: code.matrix,
                        centerX: Double(width) / 2,
                        centerY: Double(height) / 2,
                        modulePixels: 1.5 + Double(trial),
                        rotationDegrees: 20,
                        inverted: trial == 3
                    )
                )
            }
            if trial != 1 { frame.noise(amplitude: Double(trial) * 12, random: &random) }
            let luma = frame.luma
            let binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
            defer { binarizer.deallocate() }
            luma.withUnsafeBufferPointer { buffer in
                binarizer.compute(LumaPlane(base: buffer.baseAddress!, width: width, height: height, stride: width))
            }
            let expected = Self.referenceThresholds(luma, width: width, height: height, minimumContrast: 32)
            #expect(Array(binarizer.thresholds) == expected, "trial \(trial)")
        }
    }
}
