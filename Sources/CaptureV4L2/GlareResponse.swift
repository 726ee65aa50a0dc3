/// The camera's answer to glare on the counter: when the frames are saturated where the code is,
/// the exposure comes down in steps, within a floor; when the glare has gone for a while it goes
/// back up to the configured value.
///
/// A value type fed one measurement per scanned frame with the frame's time, so its whole
/// behaviour is tested with a manual clock (`GlareResponseTests`). It only decides: the scan
/// pipeline writes the exposure it asks for to the camera.
public struct GlareResponse: Sendable, Equatable {
    /// The thresholds and pace of the response.
    public struct Limits: Sendable, Equatable {
        /// The configured exposure (100 µs units): the value restored when the glare is gone.
        public var configured: Int32
        /// The lowest exposure the response sets.
        public var floor: Int32
        /// A frame is glared when at least this share of the code's region is saturated.
        public var glaredShare: Double = 0.04
        /// A frame is clear when at most this share is saturated.
        public var clearShare: Double = 0.005
        /// Glared frames for this long in a row lower the exposure one step.
        public var lowerAfter: Duration = .milliseconds(300)
        /// Clear frames for this long in a row raise it one step back.
        public var raiseAfter: Duration = .seconds(5)
        /// After a change, the camera is left this long to settle before the next is judged.
        public var settle: Duration = .milliseconds(500)
        /// Each step down multiplies the exposure by this (one step up divides by it).
        public var step: Double = 0.7

        /// Limits from the configured exposure and the floor (at most the configured value).
        public init(configured: Int32, floor: Int32) {
            self.configured = max(1, configured)
            self.floor = max(1, min(floor, configured))
        }
    }

    /// The limits.
    public let limits: Limits
    /// The exposure the camera has now, as far as the response knows.
    public private(set) var exposure: Int32
    /// Since when the frames have been glared (or clear) without a break.
    private var glaredSince: Duration?
    private var clearSince: Duration?
    /// No judgement before this time (the camera settles after a change).
    private var settledAt: Duration = .zero

    /// A response starting at the configured exposure.
    public init(limits: Limits) {
        self.limits = limits
        exposure = limits.configured
    }

    /// Takes one frame's measurement.
    ///
    /// - Parameters:
    ///   - saturatedShare: The share (0...1) of the code's region that is saturated.
    ///   - now: The frame's time on a monotonic clock.
    /// - Returns: The exposure to write now, or `nil` to leave it.
    public mutating func observe(saturatedShare: Double, at now: Duration) -> Int32? {
        if saturatedShare >= limits.glaredShare {
            clearSince = nil
            if glaredSince == nil { glaredSince = now }
        } else if saturatedShare <= limits.clearShare {
            glaredSince = nil
            if clearSince == nil { clearSince = now }
        } else {
            glaredSince = nil
            clearSince = nil
        }
        guard now >= settledAt else { return nil }
        if let since = glaredSince, now - since >= limits.lowerAfter, exposure > limits.floor {
            return change(to: max(limits.floor, Int32((Double(exposure) * limits.step).rounded(.down))), at: now)
        }
        if let since = clearSince, now - since >= limits.raiseAfter, exposure < limits.configured {
            let up = max(exposure + 1, Int32((Double(exposure) / limits.step).rounded(.up)))
            return change(to: min(limits.configured, up), at: now)
        }
        return nil
    }

    private mutating func change(to value: Int32, at now: Duration) -> Int32 {
        exposure = value
        settledAt = now + limits.settle
        glaredSince = nil
        clearSince = nil
        return value
    }
}
