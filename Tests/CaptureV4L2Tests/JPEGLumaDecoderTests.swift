import Decoder
import Testing

@testable import CaptureV4L2

/// MJPEG frames decoded to luma with libjpeg-turbo: a good frame reads, a damaged one is an error, never a crash.
@Suite struct JPEGLumaDecoderTests {
    static let payload = "KQ1P:KMTPREMIUM:00000001:AL24HZ4KS6JBCULM"

    /// A light-grey frame of `size` with a voucher code in the middle (6-pixel modules).
    static func voucherFrame(_ size: FrameSize) throws -> [UInt8] {
        let code = try QREncoder().encode(payload).matrix.luma(moduleSize: 6, quietZone: 4)
        var frame = [UInt8](repeating: 190, count: size.width * size.height)
        let left = (size.width - code.width) / 2
        let top = (size.height - code.height) / 2
        for y in 0..<code.height {
            for x in 0..<code.width { frame[(top + y) * size.width + left + x] = code[x, y] }
        }
        return frame
    }

    static let size = FrameSize(width: 320, height: 240)
    static let image = try! voucherFrame(size)
    static let jpeg = try! JPEGEncoder().encode(luma: image, width: size.width, height: size.height)

    /// Decodes `bytes` into a fresh plane.
    func decode(_ bytes: [UInt8], size: FrameSize = Self.size) throws(JPEGError) -> [UInt8] {
        let plane = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size.width * size.height)
        defer { plane.deallocate() }
        plane.initialize(repeating: 0)
        let outcome = bytes.withUnsafeBytes { raw in
            Result { () throws(JPEGError) in try JPEGLumaDecoder().decode(raw, size: size, into: plane) }
        }
        try outcome.get()
        return Array(plane)
    }

    @Test func aGoodFrameDecodesToItsLumaAndTheCodeReads() throws {
        let luma = try decode(Self.jpeg)
        let worst = zip(luma, Self.image).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst < 64, "JPEG error at most a few levels on flat areas; largest \(worst)")
        let near = zip(luma, Self.image).filter { abs(Int($0) - Int($1)) <= 8 }.count
        #expect(near * 100 > luma.count * 95, "\(near) of \(luma.count) pixels within 8 levels")
        let symbols = try luma.withUnsafeBufferPointer {
            try QRScanner(width: Self.size.width, height: Self.size.height).scan($0, stride: Self.size.width)
        }
        #expect(symbols.map(\.symbol.text) == [Self.payload])
    }

    @Test func emptyGarbageAndHeaderlessDataAreErrors() {
        #expect(throws: JPEGError.empty) { try decode([]) }
        var seed: UInt32 = 99
        let garbage = (0..<4096).map { _ -> UInt8 in
            seed = seed &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: seed >> 16)
        }
        #expect { try decode(garbage) } throws: { ($0 as? JPEGError).map { if case .malformed = $0 { true } else { false } } ?? false }
        #expect { try decode([UInt8](repeating: 0, count: 1000)) } throws: { $0 is JPEGError }
    }

    @Test(arguments: [0.05, 0.5, 0.9, 0.99])
    func aTruncatedFrameIsAnError(keeping fraction: Double) {
        let cut = Array(Self.jpeg.prefix(Int(Double(Self.jpeg.count) * fraction)))
        #expect(throws: JPEGError.self) { try decode(cut) }
    }

    @Test func aFrameOfAnotherSizeIsAnError() {
        #expect(throws: JPEGError.wrongSize(expected: FrameSize(width: 640, height: 480), found: Self.size)) {
            try decode(Self.jpeg, size: FrameSize(width: 640, height: 480))
        }
    }

    @Test func damagedEntropyDataNeverCrashes() {
        // Flipped bytes in the scan may decode to a wrong picture or fail; either way no crash,
        // and a failure is a JPEGError.
        var failures = 0
        for offset in stride(from: Self.jpeg.count / 3, to: Self.jpeg.count - 2, by: 97) {
            var damaged = Self.jpeg
            damaged[offset] ^= 0xA5
            damaged[offset + 1] = 0xFF
            do { _ = try decode(damaged) } catch { failures += 1 }
        }
        #expect(failures > 0, "some damage is detected")
    }
}
