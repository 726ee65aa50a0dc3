/// The format the driver confirmed with `VIDIOC_G_FMT` after kioskd set it, with the rate in
/// effect and why it was chosen.
public struct NegotiatedFormat: Hashable, Sendable, CustomStringConvertible {
    /// The pixel format of the buffers kioskd maps.
    public var fourcc: FourCC
    /// The frame size.
    public var size: FrameSize
    /// Bytes per row of the first plane (`bytesperline`; for MJPEG, the width).
    public var bytesPerLine: Int
    /// Bytes a complete frame fills (`sizeimage`); a raw frame with fewer is short and dropped.
    /// For MJPEG it is only the largest a frame may be.
    public var sizeImage: Int
    /// The frame rate the driver runs at (`VIDIOC_G_PARM`), or `nil` when it does not say.
    public var framesPerSecond: Double?
    /// Why this format was chosen (``FormatPlan/reason``), or `nil` when it was not planned.
    public var reason: String?

    /// Creates a format record.
    ///
    /// - Parameters:
    ///   - fourcc: The pixel format.
    ///   - size: The frame size.
    ///   - bytesPerLine: Bytes per row of the first plane.
    ///   - sizeImage: Bytes in a complete frame.
    ///   - framesPerSecond: The rate in effect, or `nil`.
    ///   - reason: Why it was chosen, or `nil`.
    public init(
        fourcc: FourCC,
        size: FrameSize,
        bytesPerLine: Int,
        sizeImage: Int,
        framesPerSecond: Double? = nil,
        reason: String? = nil
    ) {
        self.fourcc = fourcc
        self.size = size
        self.bytesPerLine = bytesPerLine
        self.sizeImage = sizeImage
        self.framesPerSecond = framesPerSecond
        self.reason = reason
    }

    /// Whether the luma is every other byte (YUYV) and must be extracted once.
    var lumaIsInterleaved: Bool { fourcc == .yuyv }

    /// Whether each buffer is a JPEG image whose luma kioskd decodes (MJPEG).
    var isJPEG: Bool { fourcc == .mjpeg }

    /// Whether frames are delivered from a luma plane of kioskd's own (YUYV, MJPEG), not the buffer itself.
    var needsLumaPlane: Bool { lumaIsInterleaved || isJPEG }

    /// The smallest `bytesused` of a complete frame; a JPEG's length varies, so any non-empty one
    /// passes here and decoding decides.
    var minimumFrameBytes: Int { isJPEG ? 1 : max(sizeImage, bytesPerLine * size.height) }

    /// `MJPG 1280x720 at 30 fps (YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG)`.
    public var description: String {
        "\(fourcc) \(size)" + (isJPEG ? "" : " (\(bytesPerLine) bytes/line)")
            + (framesPerSecond.map { " at \(FrameInterval.rateText($0)) fps" } ?? "")
            + (reason.map { " (\($0))" } ?? "")
    }
}
