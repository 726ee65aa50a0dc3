import Testing
import TestSupport

@testable import Decoder

/// The branch-free row pass against the run-by-run loop it replaced, hit for hit.
@Suite struct FinderRowScanTests {
    /// One row hit: the centre run's midpoint, the five runs' total, the centre's polarity.
    struct Hit: Equatable {
        var centre: Float
        var total: Int
        var inverted: Bool
    }

    /// The 1:1:3:1:1 test as first written: each outer run within half a module of one, the
    /// centre within one and a half of three, a module being the total over 7.
    static func isFinderRun(_ r0: Int, _ r1: Int, _ r2: Int, _ r3: Int, _ r4: Int) -> Bool {
        guard r2 > r1 && r2 > r3 else { return false }
        let total = r0 + r1 + r2 + r3 + r4
        guard total >= 7 else { return false }
        return 2 * abs(7 * r0 - total) < total && 2 * abs(7 * r1 - total) < total
            && 2 * abs(7 * r3 - total) < total && 2 * abs(7 * r4 - total) < total
            && 2 * abs(7 * r2 - 3 * total) < 3 * total
    }

    /// Row `y`'s hits pixel by pixel: a run closes at every colour change and at the row's end
    /// (a finder cut by the frame's edge), and the last five closed runs are tested each time.
    static func referenceHits(_ luma: LumaPlane, _ binarizer: Binarizer, y: Int) -> [Hit] {
        var hits: [Hit] = []
        var dark = binarizer.isDark(luma, x: 0, y: y)
        var runs: [Int] = []
        var runStart = 0
        for x in 1...luma.width where x == luma.width || binarizer.isDark(luma, x: x, y: y) != dark {
            runs.append(x - runStart)
            runStart = x
            if runs.count >= 5 {
                let r = Array(runs.suffix(5))
                if isFinderRun(r[0], r[1], r[2], r[3], r[4]) {
                    let centre = Float(x - r[4] - r[3]) - Float(r[2]) / 2
                    hits.append(Hit(centre: centre, total: r.reduce(0, +), inverted: !dark))
                }
            }
            dark.toggle()
        }
        return hits
    }

    /// Widths around the 16- and 64-pixel words (tails of every length), frames with symbols of
    /// both polarities at small and large modules, noise, and blocky clutter full of short runs.
    @Test(arguments: [21, 47, 63, 64, 65, 100, 127, 130, 200, 333])
    func hitsMatchTheRunByRunReference(width: Int) throws {
        let height = 120
        var random = SeededRandom(seed: UInt64(width))
        for trial in 0..<4 {
            var frame = FrameRenderer(width: width, height: height, background: 90 + Double(trial) * 30)
            if trial == 1 { frame.gradient(left: 40, right: 220) }
            if trial == 3 {
                // Module-like clutter: squares of 1 to 4 pixels, dark or light at random.
                let cell = Int(random.next() % 4) + 1
                for y in 0..<height {
                    for x in 0..<width where (x / cell + y / cell * 7) % 3 != 0 {
                        frame.pixels[y * width + x] = random.next() & 1 == 0 ? 30 : 220
                    }
                }
            }
            let code = try QREncoder(level: .medium).encode("KSV1:CITY-7:000123456789:AB12")
            for (k, module) in [1.5, 3.0].enumerated() where trial != 3 {
                frame.place(
                    Placement(
                        matrix: code.matrix,
                        centerX: Double(width) * Double(k + 1) / 3,
                        centerY: Double(height) / 2,
                        modulePixels: module,
                        rotationDegrees: Double(trial) * 7,
                        inverted: k == 1
                    )
                )
            }
            frame.noise(amplitude: Double(trial) * 8, random: &random)
            let luma = frame.luma
            let binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
            let rows = FinderRowScan(width: width)
            defer {
                binarizer.deallocate()
                rows.deallocate()
            }
            var total = 0
            luma.withUnsafeBufferPointer { buffer in
                let plane = LumaPlane(base: buffer.baseAddress!, width: width, height: height, stride: width)
                binarizer.compute(plane)
                for y in 0..<height {
                    rows.expandThresholds(binarizer, blockRow: y >> binarizer.blockShift)
                    var hits: [Hit] = []
                    rows.forEachHit(plane, y: y) { hits.append(Hit(centre: $0, total: $1, inverted: $2)) }
                    let expected = Self.referenceHits(plane, binarizer, y: y)
                    #expect(hits == expected, "width \(width) trial \(trial) row \(y)")
                    total += expected.count
                }
            }
            // The symbols' finders cross rows as 1:1:3:1:1 runs: the comparison saw hits.
            if trial != 3 && width >= 100 { #expect(total > 0, "trial \(trial)") }
        }
    }

    /// Windows longer than the 16-bit vector test judges exactly (`exactTotal` pixels) are
    /// tested one by one: a 1:1:3:1:1 finder of 600-pixel modules across a 6,000-pixel row,
    /// whose nine times 4,200 does not fit in 16 bits, is still found, as the reference finds it.
    @Test func windowsTooLongForTheVectorsAreTestedOneByOne() {
        let width = 6000, height = 16
        let module = 600
        let left = 900
        // Light, then dark 1, light 1, dark 3, light 1, dark 1 modules, then light.
        let edges = [left, left + module, left + 2 * module, left + 5 * module, left + 6 * module, left + 7 * module]
        var pixels = [UInt8](repeating: 0, count: width * height)
        for x in 0..<width {
            let dark = edges.filter { $0 <= x }.count % 2 == 1
            for y in 0..<height { pixels[y * width + x] = dark ? 30 : 220 }
        }
        let binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
        let rows = FinderRowScan(width: width)
        defer {
            binarizer.deallocate()
            rows.deallocate()
        }
        pixels.withUnsafeBufferPointer { buffer in
            let plane = LumaPlane(base: buffer.baseAddress!, width: width, height: height, stride: width)
            binarizer.compute(plane)
            for y in 0..<height {
                rows.expandThresholds(binarizer, blockRow: y >> binarizer.blockShift)
                var hits: [Hit] = []
                rows.forEachHit(plane, y: y) { hits.append(Hit(centre: $0, total: $1, inverted: $2)) }
                #expect(hits == Self.referenceHits(plane, binarizer, y: y), "row \(y)")
                #expect(hits.contains { $0.total > Int(FinderRowScan.exactTotal) && !$0.inverted }, "row \(y)")
            }
        }
    }
}
