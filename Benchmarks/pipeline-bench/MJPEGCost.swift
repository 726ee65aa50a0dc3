import CaptureV4L2
import Foundation
internal import CV4L2Shim
internal import CV4LConvert

/// The CPU cost of one MJPEG camera frame: kioskd's luma-only decode (libjpeg-turbo, `TJPF_GRAY`)
/// beside libv4l2's conversion of the same frames to YU12 (libv4lconvert), in the same run.
///
/// The frames are the synthetic camera's (a voucher card on a counter, with noise), compressed
/// like a webcam's MJPEG (YCbCr 4:2:2, quality 85). Each decoder runs over all of them `rounds`
/// times; the cost is the calling thread's CPU time per frame.
enum MJPEGCost {
    /// Per-frame CPU milliseconds of both decoders, and the frames' mean size.
    struct Result {
        var lumaMilliseconds: Double
        var v4lconvertMilliseconds: Double
        var meanJPEGBytes: Int
        var frames: Int
    }

    /// Renders `count` frames of `size`, compresses them and times both decoders.
    static func measure(size: FrameSize, count: Int, rounds: Int) throws -> Result {
        let payloads = (1...3).map { String(format: "KQ1P:KMTPREMIUM:%08d:AL24HZ4KS6JBCULM", $0) }
        let camera = try SyntheticCamera(size: size, payloads: payloads, pacing: .asFastAsPossible, seed: 3)
        let encoder = JPEGEncoder()
        var jpegs: [[UInt8]] = []
        for _ in 0..<count {
            guard let frame = try camera.nextFrame(timeout: .zero) else { break }
            var luma = [UInt8](repeating: 0, count: size.width * size.height)
            for y in 0..<size.height {
                for x in 0..<size.width { luma[y * size.width + x] = frame.pixels[y * frame.stride + x] }
            }
            camera.release(frame)
            jpegs.append(try encoder.encode(luma: luma, width: size.width, height: size.height, quality: 85))
        }
        let decoder = JPEGLumaDecoder()
        let plane = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size.width * size.height)
        defer { plane.deallocate() }
        let luma = try threadCPU {
            for _ in 0..<rounds {
                for jpeg in jpegs { try jpeg.withUnsafeBytes { raw in try decodeOrThrow(decoder, raw, size, plane) } }
            }
        }
        let converted = try threadCPU { try convertAll(jpegs, size: size, rounds: rounds) }
        let decodes = Double(rounds * jpegs.count)
        return Result(
            lumaMilliseconds: luma * 1000 / decodes,
            v4lconvertMilliseconds: converted * 1000 / decodes,
            meanJPEGBytes: jpegs.map(\.count).reduce(0, +) / max(1, jpegs.count),
            frames: jpegs.count
        )
    }

    private static func decodeOrThrow(
        _ decoder: JPEGLumaDecoder,
        _ raw: UnsafeRawBufferPointer,
        _ size: FrameSize,
        _ plane: UnsafeMutableBufferPointer<UInt8>
    ) throws {
        try decoder.decode(raw, size: size, into: plane)
    }

    /// The CPU seconds `body` takes on this thread.
    private static func threadCPU(_ body: () throws -> Void) throws -> Double {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    struct ConvertError: Error, CustomStringConvertible {
        var description: String
    }

    /// Converts every frame to YU12 with libv4lconvert, as libv4l2 does for an application that
    /// asks an MJPEG camera for YU12.
    private static func convertAll(_ jpegs: [[UInt8]], size: FrameSize, rounds: Int) throws {
        // libv4lconvert queries its device at creation; these operations stand in for one
        // (QUERYCAP answers "no capabilities", everything else EINVAL), so no camera is needed.
        var operations = libv4l_dev_ops()
        operations.ioctl = { _, _, request, argument in
            guard request == CV4L2Shim_VIDIOC_QUERYCAP, let argument else {
                errno = EINVAL
                return -1
            }
            memset(argument, 0, MemoryLayout<v4l2_capability>.size)
            return 0
        }
        guard let converter = v4lconvert_create_with_dev_ops(-1, nil, &operations) else {
            throw ConvertError(description: "v4lconvert_create_with_dev_ops failed")
        }
        defer { v4lconvert_destroy(converter) }
        var source = v4l2_format()
        source.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        source.fmt.pix.width = UInt32(size.width)
        source.fmt.pix.height = UInt32(size.height)
        source.fmt.pix.pixelformat = CV4L2Shim_PIX_FMT_MJPEG
        source.fmt.pix.field = CV4L2Shim_FIELD_NONE
        var target = source
        target.fmt.pix.pixelformat = CV4L2Shim_PIX_FMT_YUV420
        target.fmt.pix.bytesperline = UInt32(size.width)
        let length = size.width * size.height * 3 / 2
        target.fmt.pix.sizeimage = UInt32(length)
        var output = [UInt8](repeating: 0, count: length)
        for _ in 0..<rounds {
            for jpeg in jpegs {
                let written = jpeg.withUnsafeBytes { raw in
                    output.withUnsafeMutableBytes { out in
                        v4lconvert_convert(
                            converter, &source, &target,
                            UnsafeMutablePointer(mutating: raw.bindMemory(to: UInt8.self).baseAddress), Int32(raw.count),
                            out.bindMemory(to: UInt8.self).baseAddress, Int32(length))
                    }
                }
                guard written == length else {
                    throw ConvertError(
                        description: "v4lconvert_convert gave \(written): \(String(cString: v4lconvert_get_error_message(converter)))")
                }
            }
        }
    }
}
