import Testing

@testable import CaptureV4L2

/// The display's picture of the counter: block averages, a stride honoured, outlines scaled.
@Suite struct PreviewFrameTests {
    @Test func averagesBlocksAndScalesOutlines() {
        // 8x4 pixels in rows of 10 bytes (2 of padding, which must not count).
        var plane = [UInt8](repeating: 255, count: 40)
        for y in 0..<4 {
            for x in 0..<8 { plane[y * 10 + x] = UInt8(x < 4 ? 10 * (y + 1) : 200) }
        }
        let preview = plane.withUnsafeBufferPointer { pixels in
            PreviewFrame(
                LumaFrame(
                    width: 8,
                    height: 4,
                    stride: 10,
                    pixels: pixels,
                    timestamp: .zero,
                    sequence: 0,
                    buffer: BufferIndex(index: 0, generation: 0)
                ),
                maximumWidth: 4,
                outlines: [[[0, 0], [8, 0], [8, 4], [0, 4]]]
            )
        }
        #expect(preview.width == 4 && preview.height == 2)
        // Blocks of 2x2: rows 1-2 average 15, rows 3-4 average 35 on the left; 200 on the right.
        #expect(preview.pixels == [15, 15, 200, 200, 35, 35, 200, 200])
        #expect(preview.outlines == [[[0, 0], [4, 0], [4, 2], [0, 2]]])
    }

    @Test func aFrameNarrowerThanTheWidthIsKeptWhole() {
        let plane = [UInt8](0..<12)
        let preview = plane.withUnsafeBufferPointer { pixels in
            PreviewFrame(
                LumaFrame(
                    width: 4,
                    height: 3,
                    stride: 4,
                    pixels: pixels,
                    timestamp: .zero,
                    sequence: 0,
                    buffer: BufferIndex(index: 0, generation: 0)
                ),
                maximumWidth: 96,
                outlines: []
            )
        }
        #expect(preview.width == 4 && preview.height == 3 && preview.pixels == plane)
    }
}
