/// The frame intervals a device offers for one format and size (`VIDIOC_ENUM_FRAMEINTERVALS`).
///
/// USB (UVC) cameras list discrete intervals, and their fastest rate often depends on the format:
/// a typical webcam gives YUYV 1280x720 only 10 fps (USB 2.0 bandwidth) but MJPEG 1280x720 30.
public enum FrameIntervals: Hashable, Sendable, CustomStringConvertible {
    /// A list of intervals.
    case discrete([FrameInterval])
    /// Any interval from `min` (the fastest rate) to `max` in steps of `step` (continuous when
    /// the driver says so; then `step` is `nil`).
    case stepwise(min: FrameInterval, max: FrameInterval, step: FrameInterval?)

    /// The fastest rate offered, in frames per second.
    public var fastestRate: Double {
        switch self {
        case .discrete(let intervals): intervals.map(\.framesPerSecond).max() ?? 0
        case .stepwise(let fastest, _, _): fastest.framesPerSecond
        }
    }

    /// The fastest interval offered (the best rate), or `nil` for an empty list.
    public var fastest: FrameInterval? {
        switch self {
        case .discrete(let intervals): intervals.max { $0.framesPerSecond < $1.framesPerSecond }
        case .stepwise(let fastest, _, _): fastest
        }
    }

    /// Rates within this fraction below the wanted one count as reaching it (NTSC's 29.97 reaches 30).
    static let tolerance = 0.99

    /// The interval to set to run at `rate`: the offered interval nearest to `1/rate` among those at
    /// least that fast, or `nil` when no offered interval reaches `rate`.
    ///
    /// - Parameter rate: The wanted frames per second.
    /// - Returns: The interval, or `nil`.
    public func interval(reaching rate: Int) -> FrameInterval? {
        let wanted = Double(rate) * Self.tolerance
        switch self {
        case .discrete(let intervals):
            // The slowest of the rates that reach the wanted one: 30 rather than 60 when 30 is wanted.
            return intervals.filter { $0.framesPerSecond >= wanted }.min { $0.framesPerSecond < $1.framesPerSecond }
        case .stepwise(let fastest, let slowest, _):
            guard fastest.framesPerSecond >= wanted else { return nil }
            // Faster than asked when the range starts above the rate; else the rate itself, which
            // the driver rounds to its step (uvcvideo picks the nearest interval it supports).
            let exact = FrameInterval(framesPerSecond: rate)
            return exact.framesPerSecond < slowest.framesPerSecond ? slowest : exact
        }
    }

    /// `30, 15` (frames per second, fastest first), or `1-30` for a range.
    public var description: String {
        switch self {
        case .discrete(let intervals):
            intervals.map(\.framesPerSecond).sorted(by: >).map(FrameInterval.rateText).joined(separator: ", ")
        case .stepwise(let fastest, let slowest, _): "\(slowest)-\(fastest)"
        }
    }
}
