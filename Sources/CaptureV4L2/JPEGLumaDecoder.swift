internal import CTurboJPEG

/// Decodes an MJPEG camera frame to its luma (greyscale) plane only, with libjpeg-turbo.
///
/// Asking libjpeg-turbo for `TJPF_GRAY` output from a YCbCr JPEG makes it skip the chroma
/// components' inverse DCT and upsampling and every colour conversion: only the Y component is
/// reconstructed, which is all the scanner reads. libv4l2's conversion to YU12 would also build
/// the two chroma planes. Any error or warning from libjpeg-turbo (a truncated frame is a
/// warning: it fills the rest grey) makes the frame corrupt; kioskd drops it.
///
/// One decoder per stream; not thread-safe.
public final class JPEGLumaDecoder {
    // tjhandle is an opaque pointer owned by this object; freed in deinit.
    private let handle: tjhandle

    /// Creates a decoder.
    public init() {
        // tjInitDecompress fails only when malloc does; like any Swift allocation, that is fatal.
        guard let handle = tjInitDecompress() else { fatalError("libjpeg-turbo: tjInitDecompress failed (out of memory)") }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// Decodes `jpeg` into `plane`, a dense `size.width * size.height` luma plane.
    ///
    /// - Parameters:
    ///   - jpeg: The JPEG bytes (a buffer's `bytesused` prefix).
    ///   - size: The size the image must have (the negotiated one).
    ///   - plane: Where the luma goes, at least `size.width * size.height` bytes; its content is
    ///     undefined after a failure.
    /// - Throws: ``JPEGError`` when the data is empty, not a JPEG, truncated or of another size.
    public func decode(
        _ jpeg: UnsafeRawBufferPointer,
        size: FrameSize,
        into plane: UnsafeMutableBufferPointer<UInt8>
    ) throws(JPEGError) {
        precondition(plane.count >= size.width * size.height, "luma plane smaller than \(size)")
        guard let source = jpeg.baseAddress?.assumingMemoryBound(to: UInt8.self), jpeg.count > 0 else {
            throw .empty
        }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let length = UInt(jpeg.count)
        guard tjDecompressHeader3(handle, source, length, &width, &height, &subsampling, &colorspace) == 0 else {
            throw .malformed(reason: lastError)
        }
        let found = FrameSize(width: Int(width), height: Int(height))
        guard found == size else { throw .wrongSize(expected: size, found: found) }
        // TJFLAG_FASTDCT: the integer IDCT; its rounding differences are far below what binarizing sees.
        let status = tjDecompress2(
            handle, source, length, plane.baseAddress, width, width, height, Int32(TJPF_GRAY.rawValue),
            TJFLAG_FASTDCT)
        guard status == 0 else { throw .malformed(reason: lastError) }
    }

    private var lastError: String { String(cString: tjGetErrorStr2(handle)) }
}
