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

    /// The typical USB 2.0 webcam, with the rates it lists at each size.
    var ratedWebcam: [FormatOffer] {
        [
            FormatOffer(
                fourcc: .yuyv,
                sizes: .discrete([vga, hd]),
                intervals: [vga: .discrete([fps(30), fps(15)]), hd: .discrete([fps(10), fps(5)])]
            ),
            FormatOffer(fourcc: .mjpeg, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(30), fps(15)])]),
        ]
    }

    func fps(_ rate: Int) -> FrameInterval { FrameInterval(framesPerSecond: rate) }

    @Test func aTypicalWebcamAt720pTakesMJPEGBecauseYUYVReachesOnly10fps() throws {
        let plan = try FormatPlan.choose(from: ratedWebcam, size: hd, rate: 30, device: "cam")
        #expect(plan.fourcc == .mjpeg && plan.size == hd && plan.interval == fps(30))
        #expect(plan.reason == "YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG")
    }

    @Test func aTypicalWebcamAtVGATakesYUYVAt30() throws {
        let plan = try FormatPlan.choose(from: ratedWebcam, size: vga, device: "cam")
        #expect(plan == FormatPlan(fourcc: .yuyv, size: vga, interval: fps(30), reason: "YUYV 640x480 reaches 30 fps: using YUYV"))
    }

    @Test func aConfiguredLowerRateKeepsTheNativeFormat() throws {
        let plan = try FormatPlan.choose(from: ratedWebcam, size: hd, rate: 10, device: "cam")
        #expect(plan.fourcc == .yuyv && plan.interval == fps(10))
    }

    @Test func aNativeFormatThatReachesTheRateWinsOverMJPEG() throws {
        let offers = [
            FormatOffer(fourcc: .mjpeg, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(60), fps(30)])]),
            FormatOffer(fourcc: .nv12, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(30)])]),
            FormatOffer(fourcc: .yuyv, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(30)])]),
        ]
        let plan = try FormatPlan.choose(from: offers, size: hd, device: "cam")
        #expect(plan == FormatPlan(fourcc: .nv12, size: hd, interval: fps(30), reason: "NV12 1280x720 reaches 30 fps: using NV12"))
    }

    @Test func whenNothingReachesTheRateTheBestRateIsTakenAndTheReasonSaysSo() throws {
        let offers = [
            FormatOffer(fourcc: .yuyv, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(10), fps(5)])]),
            FormatOffer(fourcc: .mjpeg, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(15)])]),
        ]
        let plan = try FormatPlan.choose(from: offers, size: hd, rate: 30, device: "cam")
        #expect(plan.fourcc == .mjpeg && plan.interval == fps(15))
        #expect(plan.reason == "nothing reaches 30 fps at 1280x720 (YUYV 10, MJPG 15 fps at best): using MJPG at 15 fps")
    }

    @Test func atEqualBestRatesTheLumaFormatWins() throws {
        let offers = [
            FormatOffer(fourcc: .mjpeg, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(15)])]),
            FormatOffer(fourcc: .yuyv, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(15)])]),
        ]
        #expect(try FormatPlan.choose(from: offers, size: hd, device: "cam").fourcc == .yuyv)
    }

    @Test func stepwiseIntervalsAreHonoured() throws {
        // GREY from 5 to 60 fps (any interval): 30 is set exactly.
        let fast = FormatOffer(
            fourcc: .grey, sizes: .discrete([hd]),
            intervals: [hd: .stepwise(min: fps(60), max: fps(5), step: nil)])
        let plan = try FormatPlan.choose(from: [fast], size: hd, device: "cam")
        #expect(plan.fourcc == .grey && plan.interval == fps(30))
        // GREY only up to 15 fps in stepwise intervals: MJPEG's discrete 30 wins.
        let slow = FormatOffer(
            fourcc: .grey, sizes: .stepwise(min: vga, max: hd, step: FrameSize(width: 8, height: 8)),
            intervals: [hd: .stepwise(min: fps(15), max: fps(1), step: FrameInterval(numerator: 1, denominator: 15))])
        let mjpeg = FormatOffer(fourcc: .mjpeg, sizes: .discrete([hd]), intervals: [hd: .discrete([fps(30)])])
        let fallback = try FormatPlan.choose(from: [slow, mjpeg], size: hd, device: "cam")
        #expect(fallback.fourcc == .mjpeg)
        #expect(fallback.reason == "GREY 1280x720 reaches 15 fps; MJPEG reaches 30: using MJPEG")
    }

    @Test func intervalsPickTheSlowestRateThatReachesTheWantedOne() {
        let ntsc = FrameInterval(numerator: 1001, denominator: 30000)
        #expect(FrameIntervals.discrete([fps(60), ntsc, fps(15)]).interval(reaching: 30) == ntsc)
        #expect(FrameIntervals.discrete([fps(60), fps(30)]).interval(reaching: 30) == fps(30))
        #expect(FrameIntervals.discrete([fps(25), fps(15)]).interval(reaching: 30) == nil)
        // A range that starts above the rate: its slowest interval.
        #expect(FrameIntervals.stepwise(min: fps(120), max: fps(60), step: nil).interval(reaching: 30) == fps(60))
        #expect(FrameIntervals.stepwise(min: fps(20), max: fps(1), step: nil).interval(reaching: 30) == nil)
        #expect(FrameInterval(numerator: 2, denominator: 15).description == "7.5")
        #expect(ntsc.description == "29.97")
    }

    @Test func offersListTheirRatesPerSize() {
        #expect(ratedWebcam.map(\.description) == ["YUYV 640x480 (30, 15 fps), 1280x720 (10, 5 fps)", "MJPG 1280x720 (30, 15 fps)"])
    }

    @Test func prefersNativeLumaFormatsOverEmulatedOnes() throws {
        let plan = try FormatPlan.choose(from: webcam, size: hd, device: "cam")
        #expect(plan.fourcc == .yuyv && plan.size == hd && plan.interval == nil)
        #expect(plan.reason == "YUYV 1280x720 lists no rates: using YUYV")
    }

    @Test func prefersPlanarGreyOverYUYV() throws {
        let offers = [
            FormatOffer(fourcc: .yuyv, sizes: .discrete([vga])), FormatOffer(fourcc: .grey, sizes: .discrete([vga])),
        ]
        #expect(try FormatPlan.choose(from: offers, size: vga, device: "cam").fourcc == .grey)
    }

    @Test func usesMJPEGWhenNoLumaFormatOffersTheSize() throws {
        let plan = try FormatPlan.choose(from: webcam, size: fullHD, device: "cam")
        #expect(plan.fourcc == .mjpeg && plan.size == fullHD)
        #expect(plan.reason == "no native luma format offers 1920x1080; MJPEG lists no rates: using MJPEG")
    }

    @Test func aConfiguredPixelFormatIsHonoured() throws {
        #expect(
            try FormatPlan.choose(from: webcam, size: vga, pixelFormat: .mjpeg, device: "cam").fourcc == .mjpeg
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
