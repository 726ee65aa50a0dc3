import Testing
import TestSupport

@testable import Decoder

/// Frames that need more than three finder centres and a parallelogram: codes cut at the frame's
/// edge, small rotated codes, perspective without (or with many) alignment patterns. Each is
/// rendered from the encoder at test time and must decode exactly.
@Suite struct ScannerRecoveryTests {
    static func scan(_ luma: [UInt8], width: Int, height: Int) throws -> [ScannedSymbol] {
        let scanner = try QRScanner(width: width, height: height)
        return try luma.withUnsafeBufferPointer { try scanner.scan($0, stride: width) }
    }

    /// A code filling the whole frame with no quiet zone: the top-right finder's last run ends
    /// at the row's end, where the row pass once never closed it.
    @Test(arguments: [(1, 2), (3, 3), (10, 2)])
    func readsACodeWithoutQuietZoneFillingTheFrame(version: Int, module: Int) throws {
        let text = "EDGE-\(version)-\(module)"
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: version)).encode(text)
        let side = code.matrix.size * module
        var frame = FrameRenderer(width: side, height: side)
        let half = Double(side) / 2
        frame.place(Placement(matrix: code.matrix, centerX: half, centerY: half, modulePixels: Double(module)))
        let found = try Self.scan(frame.luma, width: side, height: side)
        #expect(found.map(\.symbol.text) == [text])
    }

    /// Version 1 has no alignment pattern: in strong perspective its far corner comes from the
    /// lines of the three finders' rings, not from a parallelogram.
    @Test(arguments: [(50.0, 0.0), (50.0, 90.0), (55.0, 45.0), (50.0, 225.0)])
    func readsVersionOneInStrongPerspective(tilt: Double, axis: Double) throws {
        let text = "TILT-V1"
        let code = try QREncoder(level: .low, version: QRVersion(rawValue: 1)).encode(text)
        var frame = FrameRenderer(width: 260, height: 260)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 130,
                centerY: 130,
                modulePixels: 7,
                rotationDegrees: 12,
                tiltDegrees: tilt,
                tiltAxisDegrees: axis
            )
        )
        let found = try Self.scan(frame.luma, width: 260, height: 260)
        #expect(found.map(\.symbol.text) == [text])
    }

    /// Tilted with its top-left corner nearest the camera, a code shows its finders' right
    /// angle opened past 127 degrees (a cosine of -0.63 and -0.72 here); the triple still forms.
    @Test(arguments: [66.0, 70.0])
    func readsACodeWhoseNearCornerOpensTheRightAngle(tilt: Double) throws {
        let text = "NEAR-CORNER"
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: 2)).encode(text)
        var frame = FrameRenderer(width: 320, height: 320)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 160,
                centerY: 160,
                modulePixels: 6,
                tiltDegrees: tilt,
                tiltAxisDegrees: 315
            )
        )
        let found = try Self.scan(frame.luma, width: 320, height: 320)
        #expect(found.map(\.symbol.text) == [text])
    }

    /// A Hanzi-mode symbol (GB/T 18284) gives its GB 2312 bytes as the payload.
    @Test func readsHanziSegmentsAsGB2312Bytes() throws {
        // Mode 1101, subset 1, two characters: 0xB0A1 and 0xA1A1, then the terminator.
        let version = QRVersion(unchecked: 1)
        let parts: [TestSymbol.Part] = [.raw(0b1101, 4), .raw(1, 4), .raw(2, 8), .raw(0x3C0, 13), .raw(0, 13)]
        let data = try #require(TestSymbol.dataCodewords(parts, version: version, level: .medium))
        let matrix = TestSymbol.make(data: data, version: version, level: .medium, mask: QRMask(unchecked: 4))
        var frame = FrameRenderer(width: 120, height: 120)
        frame.place(Placement(matrix: matrix, centerX: 60, centerY: 60, modulePixels: 3, rotationDegrees: 10))
        let found = try Self.scan(frame.luma, width: 120, height: 120)
        #expect(found.map(\.payload) == [[0xB0, 0xA1, 0xA1, 0xA1]])
        #expect(found.first?.symbol.segments.map(\.mode) == [.hanzi])
        #expect(found.first?.symbol.text == nil)
    }

    /// Larger versions in perspective: the alignment patterns across the symbol place it.
    @Test(arguments: [(7, 45.0), (10, 45.0), (14, 40.0)])
    func readsLargeVersionsInPerspective(version: Int, tilt: Double) throws {
        let text = String(repeating: "PERSPECTIVE-", count: version)
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: version)).encode(text)
        let side = code.matrix.size * 5 + 100
        var frame = FrameRenderer(width: side, height: side)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: Double(side) / 2,
                centerY: Double(side) / 2,
                modulePixels: 4,
                rotationDegrees: 20,
                tiltDegrees: tilt,
                tiltAxisDegrees: 30
            )
        )
        let found = try Self.scan(frame.luma, width: side, height: side)
        #expect(found.map(\.symbol.text) == [text])
    }

    /// Small rotated codes at 2.4 px a module keep reading with the finder centres moved to
    /// their centre squares' centroids (a guard: the code before that read these too; the
    /// sheared, ink-spread photos the centroid fixed are not rendered here).
    @Test(arguments: [20, 55, 125, 200, 305])
    func readsSmallRotatedCodes(degrees: Int) throws {
        let text = "SMALL"
        let code = try QREncoder(level: .high, version: QRVersion(rawValue: 1)).encode(text)
        var frame = FrameRenderer(width: 120, height: 120)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 60,
                centerY: 60,
                modulePixels: 2.4,
                rotationDegrees: Double(degrees)
            )
        )
        let found = try Self.scan(frame.luma, width: 120, height: 120)
        #expect(found.map(\.symbol.text) == [text])
    }

    /// A dense symbol is full of finder-like runs; once it is read, none of those inside it
    /// takes part in another attempt.
    @Test func findersInsideADecodedSymbolAreNotTriedAgain() throws {
        var random = SeededRandom(seed: 11)
        let text = String((0..<1200).map { _ in Character(Unicode.Scalar(UInt8(65 + random.next() % 26))) })
        let code = try QREncoder(level: .low, version: QRVersion(rawValue: 25)).encode(text)
        let side = code.matrix.size * 2 + 40
        var frame = FrameRenderer(width: side, height: side)
        frame.place(
            Placement(matrix: code.matrix, centerX: Double(side) / 2, centerY: Double(side) / 2, modulePixels: 2)
        )
        let scanner = try QRScanner(width: side, height: side)
        let report = try frame.luma.withUnsafeBufferPointer { try scanner.inspect($0, stride: side) }
        let decoded = try #require(report.attempts.firstIndex { $0.outcome == .decoded })
        let corners = report.attempts[decoded].corners
        func inside(_ p: ImagePoint) -> Bool {
            // Inside the symbol, more than 2 modules (4 px) from its edge.
            let xs = corners.prefix(4).map(\.x), ys = corners.prefix(4).map(\.y)
            return p.x > xs.min()! + 4 && p.x < xs.max()! - 4 && p.y > ys.min()! + 4 && p.y < ys.max()! - 4
        }
        let used = Set(report.attempts[decoded].finders)
        let inner = report.finders.indices.filter { !used.contains($0) && inside(report.finders[$0].centre) }
        // The symbol's data did look like finders somewhere, or this would test nothing.
        #expect(!inner.isEmpty)
        for attempt in report.attempts[(decoded + 1)...] {
            #expect(attempt.finders.allSatisfy { !inner.contains($0) }, "\(attempt)")
        }
    }

    /// The inspection names the finders and the attempt that decoded.
    @Test func inspectionReportsFindersAndTheDecodingAttempt() throws {
        let code = try QREncoder(level: .medium).encode("INSPECT")
        var frame = FrameRenderer(width: 160, height: 160)
        frame.place(Placement(matrix: code.matrix, centerX: 80, centerY: 80, modulePixels: 4, rotationDegrees: 20))
        let scanner = try QRScanner(width: 160, height: 160)
        let report = try frame.luma.withUnsafeBufferPointer { try scanner.inspect($0, stride: 160) }
        #expect(report.finders.count >= 3)
        let decoded = report.attempts.filter { $0.outcome == .decoded }
        #expect(decoded.count == 1)
        #expect(decoded.first?.version == code.version.rawValue)
        #expect(decoded.first?.corners.count == 4)
    }
}

/// Small frames with codes of one to one and a half pixels a module: too few pixels for a
/// finder's runs until the frame is enlarged.
@Suite struct ScannerLowResolutionTests {
    @Test(arguments: [(1, 1.2, 10.0), (2, 1.3, 30.0), (3, 1.5, 0.0), (2, 1.25, 0.0)])
    func readsACodeOfAboutOnePixelAModule(version: Int, module: Double, rotation: Double) throws {
        let text = "LOW-\(version)"
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: version)).encode(text)
        let side = Int((Double(code.matrix.size + 8) * module * 1.5).rounded(.up))
        var frame = FrameRenderer(width: side, height: side, background: 220)
        let half = Double(side) / 2
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: half,
                centerY: half,
                modulePixels: module,
                rotationDegrees: rotation,
                dark: 30,
                light: 220
            )
        )
        let found = try ScannerRecoveryTests.scan(frame.luma, width: side, height: side)
        #expect(found.map(\.symbol.text) == [text])
        // Corners come back in the frame's own pixels.
        let corners = try #require(found.first?.corners)
        #expect(corners.allSatisfy { $0.x > 0 && $0.y > 0 && $0.x < Double(side) && $0.y < Double(side) })
    }
}

/// A sheet of many vouchers in one frame: more finders than one grouping takes.
@Suite struct ScannerManySymbolsTests {
    @Test(arguments: [12, 16])
    func readsEverySymbolOfASheet(count: Int) throws {
        var frame = FrameRenderer(width: 880, height: 700, background: 200)
        var texts: Set<String> = []
        for k in 0..<count {
            let text = "SHEET-\(count)-\(k)"
            texts.insert(text)
            let code = try QREncoder(level: .medium, version: QRVersion(rawValue: 1 + k % 3)).encode(text)
            frame.place(
                Placement(
                    matrix: code.matrix,
                    centerX: 100 + Double(k % 5) * 170,
                    centerY: 100 + Double(k / 5) * 170,
                    modulePixels: 3,
                    rotationDegrees: Double(k * 37 % 360)
                )
            )
        }
        let found = try ScannerRecoveryTests.scan(frame.luma, width: 880, height: 700)
        #expect(Set(found.map { $0.symbol.text ?? "" }) == texts)
        #expect(found.count == count)
    }
}
