/// The format the camera will be set to, and why: chosen by ``choose(from:size:pixelFormat:device:)``.
public struct FormatPlan: Hashable, Sendable {
    /// The pixel format to set with `VIDIOC_S_FMT` (through libv4l2).
    public var fourcc: FourCC
    /// The frame size to set.
    public var size: FrameSize
    /// The native format libv4l2 converts from (MJPEG), or `nil` when the camera delivers `fourcc` itself.
    public var convertedFrom: FourCC?

    /// Creates a plan.
    ///
    /// - Parameters:
    ///   - fourcc: The pixel format to set.
    ///   - size: The size to set.
    ///   - convertedFrom: The native format behind a libv4l2 conversion.
    public init(fourcc: FourCC, size: FrameSize, convertedFrom: FourCC? = nil) {
        self.fourcc = fourcc
        self.size = size
        self.convertedFrom = convertedFrom
    }

    /// Native formats whose luma kioskd reads without conversion, most preferred first: the
    /// planar ones need no copy at all, YUYV one luma extraction.
    public static let lumaFormats: [FourCC] = [.grey, .nv12, .yuv420, .yuyv]

    /// Chooses a format for the configured size.
    ///
    /// Native GREY, NV12, YU12 or YUYV at `size` win, in that order. Only when none offers the
    /// size is native MJPEG used, through libv4l2's conversion to YU12 (decoding JPEG costs CPU).
    /// Emulated (libv4l2) offers are otherwise ignored.
    ///
    /// - Parameters:
    ///   - offers: What the device lists, with sizes resolved (TRY_FMT where ENUM_FRAMESIZES failed).
    ///   - size: The configured size.
    ///   - pixelFormat: A configured pixel format, or `nil` to choose.
    ///   - device: The device path, for the error.
    /// - Returns: The plan.
    /// - Throws: ``CaptureError/noSuitableFormat(device:requested:offered:)`` naming what is offered.
    public static func choose(
        from offers: [FormatOffer],
        size: FrameSize,
        pixelFormat: FourCC? = nil,
        device: String
    ) throws(CaptureError) -> FormatPlan {
        let native = offers.filter { !$0.emulated }
        let wanted = pixelFormat.map { [$0] } ?? lumaFormats
        for fourcc in wanted where lumaFormats.contains(fourcc) {
            if native.contains(where: { $0.fourcc == fourcc && $0.sizes.contains(size) }) {
                return FormatPlan(fourcc: fourcc, size: size)
            }
        }
        if pixelFormat == nil || pixelFormat == .mjpeg,
            native.contains(where: { $0.fourcc == .mjpeg && $0.sizes.contains(size) })
        {
            return FormatPlan(fourcc: .yuv420, size: size, convertedFrom: .mjpeg)
        }
        let requested = pixelFormat.map { "\($0) \(size)" } ?? "\(size)"
        let offered = native.isEmpty ? "nothing" : native.map(\.description).joined(separator: "; ")
        throw .noSuitableFormat(device: device, requested: requested, offered: offered)
    }
}
