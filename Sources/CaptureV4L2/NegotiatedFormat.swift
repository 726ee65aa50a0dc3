/// The format the driver confirmed with `VIDIOC_G_FMT` after kioskd set it.
public struct NegotiatedFormat: Hashable, Sendable, CustomStringConvertible {
    /// The pixel format of the buffers kioskd maps.
    public var fourcc: FourCC
    /// The frame size.
    public var size: FrameSize
    /// Bytes per row of the first plane (`bytesperline`).
    public var bytesPerLine: Int
    /// Bytes a complete frame fills (`sizeimage`); a frame with fewer is short and dropped.
    public var sizeImage: Int
    /// The native format behind a libv4l2 conversion (MJPEG), or `nil`.
    public var convertedFrom: FourCC?
    /// The frame rate the driver runs at (`VIDIOC_G_PARM`), or `nil` when it does not say.
    public var framesPerSecond: Double?

    /// Creates a format record.
    ///
    /// - Parameters:
    ///   - fourcc: The pixel format.
    ///   - size: The frame size.
    ///   - bytesPerLine: Bytes per row of the first plane.
    ///   - sizeImage: Bytes in a complete frame.
    ///   - convertedFrom: The native format behind a conversion.
    public init(fourcc: FourCC, size: FrameSize, bytesPerLine: Int, sizeImage: Int, convertedFrom: FourCC? = nil) {
        self.fourcc = fourcc
        self.size = size
        self.bytesPerLine = bytesPerLine
        self.sizeImage = sizeImage
        self.convertedFrom = convertedFrom
    }

    /// Whether the luma is every other byte (YUYV) and must be extracted once.
    var lumaIsInterleaved: Bool { fourcc == .yuyv }

    /// The smallest `bytesused` of a complete frame.
    var minimumFrameBytes: Int { max(sizeImage, bytesPerLine * size.height) }

    /// `YUYV 640x480 (1280 bytes/line) at 30.0 fps`, with the conversion if any.
    public var description: String {
        "\(fourcc) \(size) (\(bytesPerLine) bytes/line)"
            + (framesPerSecond.map { " at \(($0 * 100).rounded() / 100) fps" } ?? "")
            + (convertedFrom.map { ", converted from \($0) by libv4l2" } ?? "")
    }
}
