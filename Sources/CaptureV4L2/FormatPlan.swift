/// The format, size and frame rate the camera will be set to, and why: chosen by
/// ``choose(from:size:rate:pixelFormat:device:)``.
public struct FormatPlan: Hashable, Sendable {
    /// The pixel format to set with `VIDIOC_S_FMT`: a native luma format, or MJPEG (decoded by kioskd).
    public var fourcc: FourCC
    /// The frame size to set.
    public var size: FrameSize
    /// The frame interval to set with `VIDIOC_S_PARM`, or `nil` when the driver lists no rates
    /// (its default is kept).
    public var interval: FrameInterval?
    /// Why this format, in one sentence for the operator, as in
    /// "YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG".
    public var reason: String

    /// Creates a plan.
    ///
    /// - Parameters:
    ///   - fourcc: The pixel format to set.
    ///   - size: The size to set.
    ///   - interval: The frame interval to set, or `nil`.
    ///   - reason: Why, for the operator.
    public init(fourcc: FourCC, size: FrameSize, interval: FrameInterval?, reason: String) {
        self.fourcc = fourcc
        self.size = size
        self.interval = interval
        self.reason = reason
    }

    /// Native formats whose luma kioskd reads without decoding, most preferred first: the
    /// planar ones need no copy at all, YUYV one luma extraction.
    public static let lumaFormats: [FourCC] = [.grey, .nv12, .yuv420, .yuyv]

    /// The frame rate asked for when none is configured.
    public static let defaultRate = 30

    /// Chooses a format that delivers the configured size at the configured rate.
    ///
    /// In order: a native luma format (GREY, NV12, YU12, YUYV, in that order) that reaches `rate`
    /// at `size`; else native MJPEG reaching it (kioskd decodes only its luma, which costs CPU);
    /// else whichever offers the best rate at `size` (luma first on a tie), and the reason says
    /// that nothing reaches `rate`. A format whose rates the driver does not list counts as
    /// reaching the rate. libv4l2-emulated offers are ignored.
    ///
    /// - Parameters:
    ///   - offers: What the device lists, with sizes and intervals resolved.
    ///   - size: The configured size.
    ///   - rate: The configured frames per second.
    ///   - pixelFormat: A configured pixel format, or `nil` to choose.
    ///   - device: The device path, for the error.
    /// - Returns: The plan, with its reason.
    /// - Throws: ``CaptureError/noSuitableFormat(device:requested:offered:)`` naming what is offered.
    public static func choose(
        from offers: [FormatOffer],
        size: FrameSize,
        rate: Int = defaultRate,
        pixelFormat: FourCC? = nil,
        device: String
    ) throws(CaptureError) -> FormatPlan {
        let native = offers.filter { !$0.emulated }
        let usable = (lumaFormats + [.mjpeg]).filter { pixelFormat == nil || $0 == pixelFormat }
        // One candidate per usable format that offers the size, in preference order.
        let candidates: [Candidate] = usable.compactMap { fourcc in
            guard let offer = native.first(where: { $0.fourcc == fourcc && $0.sizes.contains(size) }) else { return nil }
            return Candidate(fourcc: fourcc, intervals: offer.intervals[size])
        }
        guard !candidates.isEmpty else {
            let requested = "\(pixelFormat.map { "\($0) " } ?? "")\(size)"
            let offered = native.isEmpty ? "nothing" : native.map(\.description).joined(separator: "; ")
            throw .noSuitableFormat(device: device, requested: requested, offered: offered)
        }
        let luma = candidates.filter { $0.fourcc != .mjpeg }
        let mjpeg = candidates.first { $0.fourcc == .mjpeg }
        if let chosen = luma.first(where: { $0.reaches(rate) }) {
            let reason = "\(chosen.fourcc) \(size) \(chosen.rateClause(rate)): using \(chosen.fourcc)"
            return FormatPlan(fourcc: chosen.fourcc, size: size, interval: chosen.interval(rate), reason: reason)
        }
        let slower = luma.map { "\($0.fourcc) \(size) \($0.rateClause(rate))" }
        if let mjpeg, mjpeg.reaches(rate) {
            let before = slower.isEmpty ? "no native luma format offers \(size)" : slower.joined(separator: "; ")
            let reason = "\(before); MJPEG \(mjpeg.rateClause(rate, short: !slower.isEmpty)): using MJPEG"
            return FormatPlan(fourcc: .mjpeg, size: size, interval: mjpeg.interval(rate), reason: reason)
        }
        // Nothing reaches the rate (every candidate lists its rates, or it would have reached it).
        // `candidates` is not empty (checked above), so there is a best one.
        let best = candidates.max { ($0.fastestRate, $0.rank) < ($1.fastestRate, $1.rank) }!
        let all = candidates.map { "\($0.fourcc) \(FrameInterval.rateText($0.fastestRate))" }.joined(separator: ", ")
        let reason =
            "nothing reaches \(rate) fps at \(size) (\(all) fps at best): "
            + "using \(best.fourcc) at \(FrameInterval.rateText(best.fastestRate)) fps"
        return FormatPlan(fourcc: best.fourcc, size: size, interval: best.intervals?.fastest, reason: reason)
    }

    /// One usable format at the wanted size, with the intervals listed there.
    private struct Candidate {
        var fourcc: FourCC
        var intervals: FrameIntervals?

        /// Luma formats outrank MJPEG at equal rates (no decoding).
        var rank: Int { fourcc == .mjpeg ? 0 : 1 }

        var fastestRate: Double { intervals?.fastestRate ?? .infinity }

        func reaches(_ rate: Int) -> Bool { intervals.map { $0.interval(reaching: rate) != nil } ?? true }

        func interval(_ rate: Int) -> FrameInterval? { intervals?.interval(reaching: rate) }

        /// "reaches 10 fps", "reaches 30" (short), or "lists no rates".
        func rateClause(_ rate: Int, short: Bool = false) -> String {
            guard let intervals else { return "lists no rates" }
            let reached = intervals.interval(reaching: rate)?.framesPerSecond ?? intervals.fastestRate
            return "reaches \(FrameInterval.rateText(reached))\(short ? "" : " fps")"
        }
    }
}
