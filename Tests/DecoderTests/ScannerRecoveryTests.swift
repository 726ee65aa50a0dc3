import Testing

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

    /// Small rotated codes: finder centres to a fraction of a pixel decide the far modules.
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
