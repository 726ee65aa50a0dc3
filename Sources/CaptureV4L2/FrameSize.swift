/// A frame's width and height in pixels.
public struct FrameSize: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a size.
    ///
    /// - Parameters:
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Orders by pixel count, then width, so "the largest size" is well defined.
    public static func < (lhs: FrameSize, rhs: FrameSize) -> Bool {
        (lhs.width * lhs.height, lhs.width) < (rhs.width * rhs.height, rhs.width)
    }

    /// `WIDTHxHEIGHT`, as in `640x480`.
    public var description: String { "\(width)x\(height)" }
}
