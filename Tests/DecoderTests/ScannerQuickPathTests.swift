import Testing

@testable import Decoder

/// Which transform the scanner samples first: the affine guess when it already lands on the
/// bottom-right alignment pattern, the searched alignment pattern otherwise.
@Suite struct ScannerQuickPathTests {
    static func inspect(_ placement: Placement, side: Int) throws -> ScanInspection {
        var frame = FrameRenderer(width: side, height: side)
        frame.place(placement)
        let scanner = try QRScanner(width: side, height: side)
        return try frame.luma.withUnsafeBufferPointer { try scanner.inspect($0, stride: side) }
    }

    /// A flat code seen square-on: the affine guess covers its alignment pattern, and the one
    /// grid sampled, through that guess, decodes.
    @Test(arguments: [(3, 0.0), (5, 20.0), (8, 45.0)])
    func aSquareOnCodeDecodesThroughTheAffineGuessAlone(version: Int, degrees: Double) throws {
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: version)).encode("FLAT-\(version)")
        let side = code.matrix.size * 4 + 80
        let report = try Self.inspect(
            Placement(
                matrix: code.matrix,
                centerX: Double(side) / 2,
                centerY: Double(side) / 2,
                modulePixels: 4,
                rotationDegrees: degrees
            ),
            side: side
        )
        #expect(report.attempts.map(\.transform) == ["affine"])
        #expect(report.attempts.map(\.outcome) == [.decoded])
    }

    /// A tilted code: the affine guess misses its alignment pattern, so it is not sampled
    /// before the search; the first grid sampled goes through a pattern found, and the code
    /// decodes.
    @Test(arguments: [(3, 40.0, 0.0), (5, 40.0, 45.0), (6, 45.0, 90.0)])
    func aTiltedCodeIsSampledThroughItsAlignmentPatternFirst(version: Int, tilt: Double, axis: Double) throws {
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: version)).encode("TILT-\(version)")
        let side = code.matrix.size * 6 + 120
        let report = try Self.inspect(
            Placement(
                matrix: code.matrix,
                centerX: Double(side) / 2,
                centerY: Double(side) / 2,
                modulePixels: 6,
                tiltDegrees: tilt,
                tiltAxisDegrees: axis
            ),
            side: side
        )
        let first = try #require(report.attempts.first)
        #expect(first.transform != "affine")
        #expect(report.attempts.contains { $0.outcome == .decoded })
    }

    /// A flat code whose bottom-right alignment pattern is painted over: the affine guess
    /// finds no pattern under it (so it is not sampled first), the search finds none either,
    /// and the affine guess is then the quick candidate, sampled, and decodes.
    @Test(arguments: [5, 8])
    func withoutAnAlignmentPatternTheAffineGuessIsStillSampledFirst(version: Int) throws {
        let code = try QREncoder(level: .high, version: QRVersion(rawValue: version)).encode("COVER-\(version)")
        let side = code.matrix.size * 4 + 80
        let placement = Placement(
            matrix: code.matrix,
            centerX: Double(side) / 2,
            centerY: Double(side) / 2,
            modulePixels: 4
        )
        var frame = FrameRenderer(width: side, height: side)
        frame.place(placement)
        // Light over the 9 x 9 modules around the pattern's centre (module size - 7).
        let centre = Double(code.matrix.size - 7) + 0.5
        let from = placement.transform.map(centre - 4.5, centre - 4.5)
        let to = placement.transform.map(centre + 4.5, centre + 4.5)
        for y in Int(from.y)..<Int(to.y) {
            for x in Int(from.x)..<Int(to.x) { frame.pixels[y * side + x] = 210 }
        }
        let scanner = try QRScanner(width: side, height: side)
        let report = try frame.luma.withUnsafeBufferPointer { try scanner.inspect($0, stride: side) }
        let first = try #require(report.attempts.first)
        #expect(first.transform == "affine")
        #expect(first.outcome == .decoded)
    }
}
