/// An 8-bit grayscale image held in memory: 0 is black, 255 is white.
///
/// What the offline tools read from PGM files and what the test renderers produce. Camera frames
/// do not use this type: the scanner borrows their luma planes in place.
public struct GrayImage: Hashable, Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The pixels, row by row, `width * height` of them.
    public var pixels: [UInt8]

    /// Creates an image from its pixels.
    ///
    /// - Parameters:
    ///   - width: Pixels per row; positive.
    ///   - height: Rows; positive.
    ///   - pixels: Exactly `width * height` values, row by row.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "image size and pixels disagree")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates a uniform image.
    ///
    /// - Parameters:
    ///   - width: Pixels per row; positive.
    ///   - height: Rows; positive.
    ///   - value: The gray level of every pixel.
    public init(width: Int, height: Int, filledWith value: UInt8) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: value, count: width * height))
    }

    /// The pixel in column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}
