import Testing

@testable import CaptureV4L2

@Suite struct FormatPlanTests {
    let vga = FrameSize(width: 640, height: 480)
    let hd = FrameSize(width: 1280, height: 720)
    let fullHD = FrameSize(width: 1920, height: 1080)

    /// A typical UVC webcam: YUYV up to 720p, MJPEG up to 1080p; libv4l2 adds emulated formats.
    var webcam: [FormatOffer] {
        [
            FormatOffer(fourcc: .yuyv, sizes: .discrete([vga, hd])),
            FormatOffer(fourcc: .mjpeg, sizes: .discrete([vga, hd, fullHD])),
            FormatOffer(fourcc: .yuv420, emulated: true, sizes: .discrete([vga, hd, fullHD])),
            FormatOffer(fourcc: .grey, emulated: true, sizes: .discrete([vga, hd, fullHD])),
        ]
    }

    @Test func prefersNativeLumaFormatsOverEmulatedOnes() throws {
        let plan = try FormatPlan.choose(from: webcam, size: hd, device: "cam")
        #expect(plan == FormatPlan(fourcc: .yuyv, size: hd))
    }

    @Test func prefersPlanarGreyOverYUYV() throws {
        let offers = [
            FormatOffer(fourcc: .yuyv, sizes: .discrete([vga])), FormatOffer(fourcc: .grey, sizes: .discrete([vga])),
        ]
        #expect(try FormatPlan.choose(from: offers, size: vga, device: "cam").fourcc == .grey)
    }

    @Test func usesMJPEGThroughLibv4l2OnlyWhenNothingElseOffersTheSize() throws {
        let plan = try FormatPlan.choose(from: webcam, size: fullHD, device: "cam")
        #expect(plan == FormatPlan(fourcc: .yuv420, size: fullHD, convertedFrom: .mjpeg))
    }

    @Test func aConfiguredPixelFormatIsHonoured() throws {
        #expect(
            try FormatPlan.choose(from: webcam, size: vga, pixelFormat: .mjpeg, device: "cam").convertedFrom == .mjpeg
        )
        #expect(throws: CaptureError.self) {
            try FormatPlan.choose(from: webcam, size: vga, pixelFormat: .nv12, device: "cam")
        }
    }

    @Test func noSizeMatchNamesWhatIsOffered() {
        let odd = FrameSize(width: 800, height: 600)
        #expect(
            throws: CaptureError.noSuitableFormat(
                device: "/dev/video0",
                requested: "800x600",
                offered: "YUYV 640x480, 1280x720; MJPG 640x480, 1280x720, 1920x1080"
            )
        ) {
            try FormatPlan.choose(from: webcam, size: odd, device: "/dev/video0")
        }
    }

    @Test func stepwiseSizesHonourTheStep() {
        let sizes = FrameSizes.stepwise(
            min: FrameSize(width: 16, height: 16),
            max: FrameSize(width: 1920, height: 1080),
            step: FrameSize(width: 16, height: 8)
        )
        #expect(sizes.contains(vga))
        #expect(!sizes.contains(FrameSize(width: 641, height: 480)))
        #expect(!sizes.contains(FrameSize(width: 3840, height: 2160)))
    }

    @Test func yuyvLumaIsExtractedOnceIntoADensePlane() {
        // 3x2 YUYV with 4 bytes of row padding: Y values 10,11,12 / 20,21,22.
        let width = 3, height = 2, bytesPerLine = 10
        var yuyv = [UInt8](repeating: 0xEE, count: bytesPerLine * height)
        for y in 0..<height {
            for x in 0..<width {
                yuyv[y * bytesPerLine + 2 * x] = UInt8(10 * (y + 1) + x)
                yuyv[y * bytesPerLine + 2 * x + 1] = 0x80  // chroma
            }
        }
        let plane = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: width * height)
        defer { plane.deallocate() }
        yuyv.withUnsafeBytes {
            OpenCamera<V4L2Device>.extractLuma(
                from: $0,
                bytesPerLine: bytesPerLine,
                width: width,
                height: height,
                into: plane
            )
        }
        #expect(Array(plane) == [10, 11, 12, 20, 21, 22])
    }
}
