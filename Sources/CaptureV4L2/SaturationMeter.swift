/// How much of the code's region of a frame is saturated (glare): the measurement
/// ``GlareResponse`` acts on.
///
/// The region is where codes were last read (their outline, widened by half), or, before any
/// was read or once they are gone, the centre of the frame, where a customer holds a voucher.
/// Every other pixel of every other row is looked at: a share, not a count, is wanted.
public enum SaturationMeter {
    /// A luma at or above this is saturated.
    public static let saturated: UInt8 = 250

    /// A rectangle of pixels, end-exclusive.
    public struct Region: Sendable, Equatable {
        /// Left column.
        public var x0: Int
        /// Top row.
        public var y0: Int
        /// One past the right column.
        public var x1: Int
        /// One past the bottom row.
        public var y1: Int

        /// A region from its bounds.
        public init(x0: Int, y0: Int, x1: Int, y1: Int) {
            self.x0 = x0
            self.y0 = y0
            self.x1 = x1
            self.y1 = y1
        }

        /// The centre half of a frame (a quarter of its area).
        public static func centre(width: Int, height: Int) -> Region {
            Region(x0: width / 4, y0: height / 4, x1: width - width / 4, y1: height - height / 4)
        }

        /// The box around `points`, widened by half its size on each side, within the frame.
        /// One pass and no allocation: the scan queue calls it every frame.
        public static func around(_ points: some Sequence<(x: Float, y: Float)>, width: Int, height: Int) -> Region? {
            var minX = Float.infinity
            var maxX = -Float.infinity
            var minY = Float.infinity
            var maxY = -Float.infinity
            for point in points {
                minX = min(minX, point.x)
                maxX = max(maxX, point.x)
                minY = min(minY, point.y)
                maxY = max(maxY, point.y)
            }
            guard minX <= maxX, minY <= maxY else { return nil }
            let padX = (maxX - minX) / 2
            let padY = (maxY - minY) / 2
            let region = Region(
                x0: max(0, Int(minX - padX)), y0: max(0, Int(minY - padY)),
                x1: min(width, Int(maxX + padX) + 1), y1: min(height, Int(maxY + padY) + 1))
            return region.x1 > region.x0 && region.y1 > region.y0 ? region : nil
        }
    }

    /// The saturated share (0...1) of `region` of a frame.
    public static func share(of pixels: UnsafeBufferPointer<UInt8>, stride: Int, in region: Region) -> Double {
        var seen = 0
        var bright = 0
        var y = region.y0
        while y < region.y1 {
            let row = y * stride
            var x = region.x0
            while x < region.x1 {
                if pixels[row + x] >= saturated { bright += 1 }
                seen += 1
                x += 2
            }
            y += 2
        }
        return seen == 0 ? 0 : Double(bright) / Double(seen)
    }
}
