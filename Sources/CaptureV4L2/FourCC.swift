/// A V4L2 pixel format code: four ASCII characters packed little-endian into a `UInt32`.
///
/// Wrapping the raw code keeps `UInt32`s that mean sizes or flags from being passed where a
/// pixel format is meant, and prints as the four characters an operator sees in `v4l2-ctl`.
public struct FourCC: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The packed code, as the kernel stores it in `v4l2_pix_format.pixelformat`.
    public var rawValue: UInt32

    /// Wraps a packed code.
    ///
    /// - Parameter rawValue: The code as the kernel stores it.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Packs four ASCII characters, first character in the lowest byte.
    ///
    /// - Parameters:
    ///   - a: The first character.
    ///   - b: The second character.
    ///   - c: The third character.
    ///   - d: The fourth character.
    public init(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar, _ d: Unicode.Scalar) {
        rawValue =
            UInt32(UInt8(ascii: a)) | UInt32(UInt8(ascii: b)) << 8
            | UInt32(UInt8(ascii: c)) << 16 | UInt32(UInt8(ascii: d)) << 24
    }

    /// Parses a four-character name such as `"YUYV"` (a config value).
    ///
    /// Gives `nil` unless `name` is four ASCII characters.
    ///
    /// - Parameter name: Exactly four ASCII characters; `"GREY"` and `"GRAY"` are both accepted.
    public init?(_ name: String) {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count == 4, scalars.allSatisfy(\.isASCII) else { return nil }
        if name == "GRAY" {
            self = .grey
        } else {
            self.init(scalars[0], scalars[1], scalars[2], scalars[3])
        }
    }

    /// The four characters, with unprintable bytes shown as `.`.
    public var description: String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: rawValue >> ($0 * 8)) }
        return String(decoding: bytes.map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
    }

    /// 8-bit greyscale: the whole buffer is the luma plane.
    ///
    /// The corresponding C constant is `V4L2_PIX_FMT_GREY`.
    public static let grey = FourCC("G", "R", "E", "Y")
    /// Packed 4:2:2, bytes Y0 U Y1 V: luma is every other byte.
    ///
    /// The corresponding C constant is `V4L2_PIX_FMT_YUYV`.
    public static let yuyv = FourCC("Y", "U", "Y", "V")
    /// 4:2:0 with a full luma plane followed by interleaved CbCr.
    ///
    /// The corresponding C constant is `V4L2_PIX_FMT_NV12`.
    public static let nv12 = FourCC("N", "V", "1", "2")
    /// Planar 4:2:0 (I420): a full luma plane, then Cb, then Cr.
    ///
    /// The corresponding C constant is `V4L2_PIX_FMT_YUV420`.
    public static let yuv420 = FourCC("Y", "U", "1", "2")
    /// Motion JPEG: each buffer is one JPEG image; kioskd decodes its luma (``JPEGLumaDecoder``).
    ///
    /// The corresponding C constant is `V4L2_PIX_FMT_MJPEG`.
    public static let mjpeg = FourCC("M", "J", "P", "G")
}
