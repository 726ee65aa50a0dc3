/// The time between two frames as a fraction of a second (`v4l2_fract`), as V4L2 states frame rates.
///
/// Kept as the driver's fraction, not a `Double`, so the interval set with `VIDIOC_S_PARM` is
/// exactly one the driver listed (1/30, 1001/30000) rather than a rounded neighbour.
public struct FrameInterval: Hashable, Sendable, CustomStringConvertible {
    /// Seconds numerator.
    public var numerator: Int
    /// Seconds denominator.
    public var denominator: Int

    /// Creates an interval of `numerator/denominator` seconds.
    ///
    /// - Parameters:
    ///   - numerator: Seconds numerator, at least 1.
    ///   - denominator: Seconds denominator, at least 1.
    public init(numerator: Int, denominator: Int) {
        precondition(numerator > 0 && denominator > 0, "frame interval \(numerator)/\(denominator)")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The interval of `rate` frames per second (1/rate s).
    ///
    /// - Parameter rate: Frames per second, at least 1.
    public init(framesPerSecond rate: Int) { self.init(numerator: 1, denominator: rate) }

    /// Frames per second at this interval.
    public var framesPerSecond: Double { Double(denominator) / Double(numerator) }

    /// The rate as an operator reads it: `30`, `29.97`, `7.5`.
    public var description: String { FrameInterval.rateText(framesPerSecond) }

    /// A frame rate without trailing zeros, at most two decimals: `30`, `29.97`, `7.5`.
    ///
    /// - Parameter rate: Frames per second.
    /// - Returns: The text.
    public static func rateText(_ rate: Double) -> String {
        let hundredths = (rate * 100).rounded()
        if hundredths.truncatingRemainder(dividingBy: 100) == 0 { return String(Int(hundredths / 100)) }
        return String(hundredths / 100)
    }
}
