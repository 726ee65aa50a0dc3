import Testing
import TestSupport

@testable import Decoder

/// The confirming cuts' shortcuts against the full walk: the tighter run limits and the
/// remembered rejections change no answer.
@Suite struct FinderScannerTests {
    /// The column cut as the row pass's hits were first confirmed: every run walked up to twice
    /// the row total, the proportions tested, then the total held to half to twice the row's.
    static func columnCutHolds(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Int,
        y: Int,
        total: Int,
        inverted: Bool
    )
        -> Bool
    {
        guard
            let cut = FinderScanner.cut(
                luma,
                binarizer,
                x: x,
                y: y,
                dx: 0,
                dy: 1,
                inverted: inverted,
                limit: total * 2
            )
        else { return false }
        return cut.total * 2 >= total && cut.total <= total * 2
    }

    /// The cut as first written, one pixel at a time with the plane's bounds and the run's
    /// limit tested at every step: the reference for ``FinderScanner/cut(_:_:x:y:dx:dy:inverted:limit:longest:)``.
    static func referenceCut(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Int,
        y: Int,
        dx: Int,
        dy: Int,
        inverted: Bool,
        limit: Int,
        longest: Int = .max
    ) -> (offset: Float, total: Int)? {
        let w = luma.width
        let h = luma.height
        guard x >= 0 && y >= 0 && x < w && y < h else { return nil }
        func on(_ px: Int, _ py: Int) -> Bool { binarizer.isDark(luma, x: px, y: py) != inverted }
        func inside(_ px: Int, _ py: Int) -> Bool { px >= 0 && py >= 0 && px < w && py < h }
        guard on(x, y) else { return nil }
        let outer = longest == .max ? limit : min(limit, (longest - 1) / 4)
        let centre = longest == .max ? limit : min(limit, (3 * longest - 1) / 4)
        var back2 = 0, back1 = 0, back0 = 0
        var px = x, py = y
        while inside(px, py) && on(px, py) && back2 <= centre { back2 += 1; px -= dx; py -= dy }
        guard inside(px, py) && back2 <= centre else { return nil }
        while inside(px, py) && !on(px, py) && back1 <= outer { back1 += 1; px -= dx; py -= dy }
        guard inside(px, py) && back1 <= outer else { return nil }
        while inside(px, py) && on(px, py) && back0 <= outer { back0 += 1; px -= dx; py -= dy }
        guard back0 <= outer else { return nil }
        var fwd2 = 0, fwd3 = 0, fwd4 = 0
        px = x + dx
        py = y + dy
        while inside(px, py) && on(px, py) && back2 + fwd2 <= centre { fwd2 += 1; px += dx; py += dy }
        guard inside(px, py) && back2 + fwd2 <= centre else { return nil }
        while inside(px, py) && !on(px, py) && fwd3 <= outer { fwd3 += 1; px += dx; py += dy }
        guard inside(px, py) && fwd3 <= outer else { return nil }
        while inside(px, py) && on(px, py) && fwd4 <= outer { fwd4 += 1; px += dx; py += dy }
        guard fwd4 <= outer else { return nil }
        let runs = (back0, back1, back2 + fwd2, fwd3, fwd4)
        guard FinderScanner.isLooseFinderRun(runs) else { return nil }
        return (Float(fwd2 - back2 + 2) / 2, runs.0 + runs.1 + runs.2 + runs.3 + runs.4)
    }

    /// The capped run walks give the reference cut's answer from every pixel of a frame's
    /// bars, symbol and clutter, including the rows and columns at its edges, in all four
    /// directions, both polarities, with and without the longest total kept.
    @Test(arguments: 0..<4)
    func cutMatchesTheReference(seed: UInt64) throws {
        let (width, height, pixels) = try Self.frame(seed: seed)
        let binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
        defer { binarizer.deallocate() }
        var found = 0
        var compared = 0
        pixels.withUnsafeBufferPointer { buffer in
            let plane = LumaPlane(base: buffer.baseAddress!, width: width, height: height, stride: width)
            binarizer.compute(plane)
            for y in 0..<height {
                let edgeRow = y < 3 || y >= height - 3
                for x in 0..<width where edgeRow || x < 3 || x >= width - 3 || (x + y * 7) % 5 == 0 {
                    for (dx, dy) in [(0, 1), (1, 0), (1, 1), (1, -1)] {
                        for inverted in [false, true] {
                            let total = 7 + (x * 3 + y) % 40
                            let longest = (x + y) % 3 == 0 ? Int.max : total * 2
                            let expected = Self.referenceCut(
                                plane, binarizer, x: x, y: y, dx: dx, dy: dy, inverted: inverted,
                                limit: total * 2, longest: longest
                            )
                            let actual = FinderScanner.cut(
                                plane, binarizer, x: x, y: y, dx: dx, dy: dy, inverted: inverted,
                                limit: total * 2, longest: longest
                            )
                            compared += 1
                            if expected != nil { found += 1 }
                            if actual?.offset != expected?.offset || actual?.total != expected?.total {
                                Issue.record("seed \(seed) x \(x) y \(y) d \(dx),\(dy) inverted \(inverted)")
                            }
                        }
                    }
                }
            }
        }
        // The frame's bars and symbol give finder-like runs somewhere.
        #expect(found > 0, "seed \(seed): none of \(compared) cuts found runs")
    }

    /// Frames full of row hits that fail their column cut on row after row: bars of finder
    /// widths (both polarities, taller than any finder), module-like clutter, a symbol, noise.
    static func frame(seed: UInt64) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let width = 320, height = 240
        var random = SeededRandom(seed: seed)
        var frame = FrameRenderer(width: width, height: height, background: 120 + Double(seed % 4) * 20)
        let module = Int(seed % 5) + 2
        for (k, left) in [20, 160].enumerated() {
            // Light, dark 1, light 1, dark 3, light 1, dark 1 modules, then light; the second
            // set the other way round.
            let edges = [1, 2, 5, 6, 7].map { left + $0 * module }
            for x in left..<(left + 9 * module) {
                let dark = (edges.filter { $0 <= x }.count % 2 == 1) != (k == 1)
                for y in 30..<(30 + 30 * module) where y < height { frame.pixels[y * width + x] = dark ? 35 : 215 }
            }
        }
        let cell = Int(seed % 3) + 1
        for y in 150..<height {
            for x in 0..<width where (x / cell + y / cell * 5) % 3 != 0 {
                frame.pixels[y * width + x] = random.next() & 1 == 0 ? 30 : 220
            }
        }
        let code = try QREncoder(level: .medium).encode("KSV1:CITY-7:000123456789:AB12")
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 240,
                centerY: 80,
                modulePixels: 2 + Double(seed % 3),
                rotationDegrees: Double(seed) * 11,
                inverted: seed % 2 == 1
            )
        )
        frame.noise(amplitude: Double(seed % 3) * 6, random: &random)
        return (width, height, frame.luma)
    }

    /// Every scanned row's hits, in the order the scanner confirms them: each one the memory
    /// of rejected cuts answers would fail the full column cut, and the cut under the tighter
    /// run limits gives the full cut's answer, offset and total, wherever the caller keeps it.
    @Test(arguments: 0..<8)
    func shortcutsAgreeWithTheFullColumnCut(seed: UInt64) throws {
        let (width, height, pixels) = try Self.frame(seed: seed)
        let binarizer = Binarizer(width: width, height: height, minimumContrast: 32)
        let rows = FinderRowScan(width: width)
        var scanner = FinderScanner(width: width, capacity: 16)
        defer {
            binarizer.deallocate()
            rows.deallocate()
            scanner.deallocate()
        }
        var answered = 0
        var hits = 0
        pixels.withUnsafeBufferPointer { buffer in
            let plane = LumaPlane(base: buffer.baseAddress!, width: width, height: height, stride: width)
            binarizer.compute(plane)
            for y in stride(from: 0, to: height, by: 2) {
                rows.expandThresholds(binarizer, blockRow: y >> binarizer.blockShift)
                var found: [(Float, Int, Bool)] = []
                rows.forEachHit(plane, y: y) { found.append(($0, $1, $2)) }
                for (centre, total, inverted) in found {
                    hits += 1
                    let x = Int(centre)
                    let holds = Self.columnCutHolds(plane, binarizer, x: x, y: y, total: total, inverted: inverted)
                    let full = FinderScanner.cut(
                        plane,
                        binarizer,
                        x: x,
                        y: y,
                        dx: 0,
                        dy: 1,
                        inverted: inverted,
                        limit: total * 2
                    )
                    let tight = FinderScanner.cut(
                        plane,
                        binarizer,
                        x: x,
                        y: y,
                        dx: 0,
                        dy: 1,
                        inverted: inverted,
                        limit: total * 2,
                        longest: total * 2
                    )
                    // Either cut's total beyond twice the row's is turned down by the caller.
                    let kept = full.flatMap { $0.total <= total * 2 ? $0 : nil }
                    let tightKept = tight.flatMap { $0.total <= total * 2 ? $0 : nil }
                    #expect(
                        tightKept?.offset == kept?.offset && tightKept?.total == kept?.total,
                        "seed \(seed) row \(y)"
                    )
                    if scanner.repeatsRejectedCut(plane, binarizer, column: x, row: y, total: total, inverted: inverted)
                    {
                        answered += 1
                        #expect(!holds, "seed \(seed) x \(x) row \(y) total \(total)")
                    } else if !holds {
                        scanner.rememberRejectedCut(column: x, row: y, total: total, inverted: inverted)
                    }
                }
            }
        }
        // The bars are crossed by many scanned rows: the memory answered some hits.
        #expect(answered > 0, "seed \(seed): none of \(hits) hits answered")
    }
}
