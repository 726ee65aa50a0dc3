internal import CTurboJPEG

/// Compresses a greyscale image into a JPEG shaped like a USB webcam's MJPEG frame (YCbCr, 4:2:2,
/// neutral chroma), with libjpeg-turbo.
///
/// kioskd itself only decodes; this is for `pipeline-bench`, the tests and the UVC gadget feeder,
/// which need MJPEG frames holding voucher codes. The chroma is kept (not a 1-component JPEG) so
/// the decoder is measured and tested on the layout cameras send.
public final class JPEGEncoder {
    // tjhandle is an opaque pointer owned by this object; freed in deinit.
    private let handle: tjhandle
    private var rgb: [UInt8] = []

    /// Creates an encoder.
    public init() {
        // tjInitCompress fails only when malloc does; like any Swift allocation, that is fatal.
        guard let handle = tjInitCompress() else { fatalError("libjpeg-turbo: tjInitCompress failed (out of memory)") }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// Compresses a dense luma plane.
    ///
    /// - Parameters:
    ///   - luma: `width * height` bytes, row after row.
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    ///   - quality: JPEG quality, 1 to 100 (webcams use roughly 80 to 90).
    /// - Returns: The JPEG bytes.
    /// - Throws: ``JPEGError/encodingFailed(reason:)`` with libjpeg-turbo's message.
    public func encode(luma: [UInt8], width: Int, height: Int, quality: Int = 85) throws(JPEGError) -> [UInt8] {
        precondition(luma.count >= width * height && (1...100).contains(quality), "JPEG encode \(width)x\(height) q\(quality)")
        rgb = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<width * height {
            let value = luma[index]
            rgb[3 * index] = value
            rgb[3 * index + 1] = value
            rgb[3 * index + 2] = value
        }
        var output: UnsafeMutablePointer<UInt8>? = nil
        var length: UInt = 0
        let status = tjCompress2(
            handle, rgb, Int32(width), Int32(width * 3), Int32(height), Int32(TJPF_RGB.rawValue), &output, &length,
            Int32(TJSAMP_422.rawValue), Int32(quality), TJFLAG_FASTDCT)
        defer { tjFree(output) }
        guard status == 0, let output else { throw .encodingFailed(reason: String(cString: tjGetErrorStr2(handle))) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }
}
