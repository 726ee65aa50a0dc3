/// A small grey picture of a camera frame and the outlines of the codes found in it, for a
/// customer display to show so the customer can aim.
///
/// Made on the scan queue a few times a second (``ScanPipeline``'s `previewInterval`), never per
/// frame: averaging 7x7 blocks of a 640x480 frame into 91x68 reads each pixel once, and leaves a
/// voucher's code under one pixel a module, so the picture cannot be read back into a payload.
public struct PreviewFrame: Sendable, Equatable {
    /// The picture's width in pixels.
    public let width: Int
    /// The picture's height in pixels.
    public let height: Int
    /// Grey pixels, row after row, `width × height`.
    public let pixels: [UInt8]
    /// Each code found in the frame: its four corners in the picture's coordinates, `[x, y]` pairs.
    public let outlines: [[[Double]]]

    /// Shrinks a frame by averaging square blocks, so that it is at most `maximumWidth` wide.
    ///
    /// - Parameters:
    ///   - frame: The frame, still held by the scan queue.
    ///   - maximumWidth: The widest picture wanted (the block side is the smallest that fits).
    ///   - outlines: The codes' corners in frame coordinates.
    init(_ frame: LumaFrame, maximumWidth: Int, outlines: [[[Double]]]) {
        let block = max(1, (frame.width + maximumWidth - 1) / maximumWidth)
        width = frame.width / block
        height = frame.height / block
        var pixels = [UInt8](repeating: 0, count: width * height)
        let area = block * block
        for y in 0..<height {
            for x in 0..<width {
                var sum = 0
                for row in (y * block)..<(y * block + block) {
                    let start = row * frame.stride + x * block
                    for column in start..<(start + block) { sum += Int(frame.pixels[column]) }
                }
                pixels[y * width + x] = UInt8(sum / area)
            }
        }
        self.pixels = pixels
        let scale = 1 / Double(block)
        self.outlines = outlines.map { corners in corners.map { $0.map { $0 * scale } } }
    }
}
