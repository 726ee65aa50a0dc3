import Foundation
import Testing
import TestSupport

@testable import Decoder

/// End to end: frames rendered from encoder symbols at test time, scanned, decoded exactly.
@Suite struct QRScannerTests {
    static let payload = "KSV1:CITY-7:000123456789:AB12"

    static func symbol(_ text: String = payload, level: ErrorCorrectionLevel = .medium) throws -> QRCode {
        try QREncoder(level: level).encode(text)
    }

    static func scan(_ frame: FrameRenderer, maximumVersion: Int = 40) throws -> [ScannedSymbol] {
        let scanner = try QRScanner(
            width: frame.width,
            height: frame.height,
            maximumVersion: QRVersion(rawValue: maximumVersion)!
        )
        return try frame.luma.withUnsafeBufferPointer { try scanner.scan($0, stride: frame.width) }
    }

    @Test(arguments: Array(stride(from: 0, to: 360, by: 15)))
    func readsEveryFifteenDegrees(degrees: Int) throws {
        let code = try Self.symbol()
        var frame = FrameRenderer(width: 240, height: 240)
        let placement = Placement(
            matrix: code.matrix,
            centerX: 120,
            centerY: 120,
            modulePixels: 3,
            rotationDegrees: Double(degrees)
        )
        frame.place(placement)
        let found = try Self.scan(frame)
        #expect(found.count == 1)
        let symbol = try #require(found.first)
        #expect(symbol.payload == Array(Self.payload.utf8))
        #expect(symbol.version == code.version && symbol.level == code.level)
        #expect(!symbol.mirrored && !symbol.inverted)
        // Corners land where the renderer put the symbol's corners.
        let s = Double(code.matrix.size)
        let expected = [(0.0, 0.0), (s, 0), (s, s), (0, s)].map { placement.transform.map($0.0, $0.1) }
        for (corner, truth) in zip(symbol.corners, expected) {
            #expect(abs(corner.x - truth.x) < 2.5 && abs(corner.y - truth.y) < 2.5, "\(corner) vs \(truth)")
        }
    }

    @Test(arguments: [(20.0, 0.0), (30.0, 60.0), (40.0, 135.0), (45.0, 20.0), (45.0, 90.0)])
    func readsTiltedSymbols(tilt: Double, axis: Double) throws {
        let code = try Self.symbol()
        var frame = FrameRenderer(width: 300, height: 300)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 150,
                centerY: 150,
                modulePixels: 5,
                rotationDegrees: axis / 2 + 10,
                tiltDegrees: tilt,
                tiltAxisDegrees: axis
            )
        )
        let found = try Self.scan(frame)
        #expect(found.map(\.payload) == [Array(Self.payload.utf8)])
    }

    @Test(arguments: [0, 40, 135, 250])
    func readsInvertedSymbolsInTheSamePass(degrees: Int) throws {
        let code = try Self.symbol()
        var frame = FrameRenderer(width: 240, height: 240, background: 50)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 120,
                centerY: 120,
                modulePixels: 3,
                rotationDegrees: Double(degrees),
                inverted: true,
                dark: 60,
                light: 220
            )
        )
        let found = try Self.scan(frame)
        #expect(found.map(\.payload) == [Array(Self.payload.utf8)])
        #expect(found.first?.inverted == true)
    }

    @Test(arguments: [0, 75, 180, 300])
    func readsMirroredSymbols(degrees: Int) throws {
        let code = try Self.symbol()
        var frame = FrameRenderer(width: 240, height: 240)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 120,
                centerY: 120,
                modulePixels: 3,
                rotationDegrees: Double(degrees),
                mirrored: true
            )
        )
        let found = try Self.scan(frame)
        #expect(found.map(\.payload) == [Array(Self.payload.utf8)])
        #expect(found.first?.mirrored == true)
    }

    @Test(arguments: [(1.0, 4.0), (1.5, 4.0), (2.0, 6.0)])
    func readsBlurredSymbols(sigma: Double, module: Double) throws {
        let code = try Self.symbol(level: .quartile)
        var frame = FrameRenderer(width: 300, height: 300)
        frame.place(
            Placement(matrix: code.matrix, centerX: 150, centerY: 150, modulePixels: module, rotationDegrees: 17)
        )
        frame.blur(sigma: sigma)
        var random = SeededRandom(seed: 7)
        frame.noise(amplitude: 6, random: &random)
        let found = try Self.scan(frame)
        #expect(found.map(\.payload) == [Array(Self.payload.utf8)])
    }

    @Test(arguments: [0.0, 30.0])
    func readsModulesOfTwoPixels(degrees: Double) throws {
        let code = try Self.symbol()
        var frame = FrameRenderer(width: 160, height: 160)
        frame.place(Placement(matrix: code.matrix, centerX: 80, centerY: 80, modulePixels: 2, rotationDegrees: degrees))
        let found = try Self.scan(frame)
        #expect(found.map(\.payload) == [Array(Self.payload.utf8)])
    }

    @Test func readsThreeSymbolsInOneFrame() throws {
        let texts = ["KSV1:A:1111111111:0001", "KSV1:BB-2:22222222222:0002", "KSV1:CCC:333333333333:0003"]
        var frame = FrameRenderer(width: 480, height: 360)
        frame.gradient(left: 110, right: 190)
        let spots = [(110.0, 100.0, 10.0), (350.0, 120.0, 200.0), (220.0, 270.0, 290.0)]
        for (text, spot) in zip(texts, spots) {
            frame.place(
                Placement(
                    matrix: try Self.symbol(text).matrix,
                    centerX: spot.0,
                    centerY: spot.1,
                    modulePixels: 3,
                    rotationDegrees: spot.2
                )
            )
        }
        let found = try Self.scan(frame)
        #expect(Set(found.map(\.payload)) == Set(texts.map { Array($0.utf8) }))
        #expect(found.count == 3)
    }

    @Test func unevenLightAndAGradientDoNotStopIt() throws {
        let code = try Self.symbol()
        var frame = FrameRenderer(width: 240, height: 240)
        frame.gradient(left: 40, right: 250)
        frame.place(
            Placement(
                matrix: code.matrix,
                centerX: 120,
                centerY: 120,
                modulePixels: 3,
                rotationDegrees: 5,
                dark: 30,
                light: 150
            )
        )
        let found = try Self.scan(frame)
        #expect(found.map(\.payload) == [Array(Self.payload.utf8)])
    }

    @Test func aLowMaximumVersionSkipsLargerSymbols() throws {
        let code = try QREncoder(level: .medium, version: QRVersion(rawValue: 8)).encode(Self.payload)
        var frame = FrameRenderer(width: 300, height: 300)
        frame.place(Placement(matrix: code.matrix, centerX: 150, centerY: 150, modulePixels: 4))
        #expect(try Self.scan(frame, maximumVersion: 4).isEmpty)
        #expect(try Self.scan(frame, maximumVersion: 10).map(\.payload) == [Array(Self.payload.utf8)])
    }

    @Test(arguments: 0..<12)
    func texturesAndTextGiveNothing(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) * 7919 + 3)
        var frame = FrameRenderer(width: 320, height: 240, background: 170)
        switch seed % 4 {
        case 0:  // grain: smooth random stripes
            for y in 0..<240 {
                for x in 0..<320 {
                    let phase: Double = 3 * sin(Double(y) * 0.05 + Double(seed))
                    let value: Double = 120 + 60 * sin(Double(x) * 0.21 + phase)
                    frame.pixels[y * 320 + x] = value
                }
            }
        case 1:  // blocky noise, module-like squares of 3 px
            for y in 0..<240 {
                for x in 0..<320 where (x / 3 + y / 3 * 7) % 1 == 0 {
                    frame.pixels[y * 320 + x] = ((x / 3) * 31 + (y / 3) * 17 + seed) % 3 == 0 ? 40 : 210
                }
            }
            frame.noise(amplitude: 20, random: &random)
        case 2:  // text: lines of random 5 x 7 glyphs
            for line in 0..<12 {
                for glyph in 0..<40 {
                    let bits = random.next()
                    for gy in 0..<7 {
                        for gx in 0..<5 where (bits >> UInt64(gy * 5 + gx)) & 1 == 1 {
                            for py in 0..<2 {
                                for px in 0..<2 {
                                    let x = 8 + glyph * 7 + gx * 1 + px, y = 10 + line * 19 + gy * 2 + py
                                    if x < 320 && y < 240 { frame.pixels[y * 320 + x] = 30 }
                                }
                            }
                        }
                    }
                }
            }
        default:  // pure noise
            frame.noise(amplitude: 90, random: &random)
        }
        #expect(try Self.scan(frame).isEmpty)
    }

    @Test func aBufferThatDoesNotFitIsATypedError() throws {
        let scanner = try QRScanner(width: 64, height: 48)
        let small = [UInt8](repeating: 0, count: 64 * 47)
        #expect(throws: QRScanError.bufferTooSmall(bytes: 64 * 47, needed: 64 * 48)) {
            try small.withUnsafeBufferPointer { try scanner.scan($0, stride: 64) }
        }
        #expect(throws: QRScanError.strideTooSmall(stride: 60, width: 64)) {
            try small.withUnsafeBufferPointer { try scanner.scan($0, stride: 60) }
        }
        #expect(throws: QRScanError.invalidGeometry(width: 10, height: 48)) { try QRScanner(width: 10, height: 48) }
    }

    @Test func oneScannerIsReusedAcrossFrames() throws {
        let code = try Self.symbol()
        var withCode = FrameRenderer(width: 200, height: 200)
        withCode.place(Placement(matrix: code.matrix, centerX: 100, centerY: 100, modulePixels: 3, rotationDegrees: 33))
        let empty = FrameRenderer(width: 200, height: 200)
        let scanner = try QRScanner(width: 200, height: 200)
        for round in 0..<3 {
            let a = try withCode.luma.withUnsafeBufferPointer { try scanner.scan($0, stride: 200) }
            let b = try empty.luma.withUnsafeBufferPointer { try scanner.scan($0, stride: 200) }
            #expect(a.map(\.payload) == [Array(Self.payload.utf8)], "round \(round)")
            #expect(b.isEmpty)
        }
    }
}

/// Clean, upright codes whose module edges all fall on the binarizer's block edges: every block
/// is flat, so the thresholds come from the frame as a whole.
@Suite struct AlignedModuleTests {
    @Test(arguments: [1, 2, 3, 4, 8, 16, 24], ["ONE", "KQ1P:KMTPREMIUM:00000001:AL24HZ4KS6JBCULM"])
    func readsCleanCodesAtEveryModuleSize(module: Int, text: String) throws {
        let code = try QREncoder(level: .medium).encode(text)
        let image = try code.matrix.luma(moduleSize: module, quietZone: 4)
        let scanner = try QRScanner(width: image.width, height: image.height)
        let symbols = try image.pixels.withUnsafeBufferPointer { try scanner.scan($0, stride: image.width) }
        #expect(symbols.map(\.symbol.text) == [text])
    }
}
