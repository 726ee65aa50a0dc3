/// An 8-bit greyscale (luma) image in memory, row-major, one byte per pixel, 0 black, 255 white.
///
/// What ``QRMatrix/luma(moduleSize:quietZone:)`` renders, and what tests and the synthetic
/// camera feed to the scanner.
public struct LumaImage: Hashable, Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The pixels, row by row; `width * height` of them.
    public var pixels: [UInt8]

    /// Creates an image from its pixels; fails when the sizes do not agree.
    ///
    /// - Parameters:
    ///   - width: Pixels per row, at least 1.
    ///   - height: Rows, at least 1.
    ///   - pixels: `width * height` bytes, row by row.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, width.multipliedReportingOverflow(by: height) == (pixels.count, false) else {
            return nil
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates an image of one colour.
    ///
    /// - Parameters:
    ///   - width: Pixels per row, at least 1.
    ///   - height: Rows, at least 1.
    ///   - value: The luma of every pixel.
    public init(width: Int, height: Int, filledWith value: UInt8) {
        precondition(width > 0 && height > 0, "an image needs at least one pixel")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: value, count: width * height)
    }

    /// The pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// The image as a binary PGM file (`P5`, maximum value 255).
    public var pgm: [UInt8] { Array("P5\n\(width) \(height)\n255\n".utf8) + pixels }
}
