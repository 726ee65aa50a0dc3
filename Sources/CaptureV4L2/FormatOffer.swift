/// One pixel format a device lists (`VIDIOC_ENUM_FMT`), the sizes it offers in it, and the
/// frame rates at each size (`VIDIOC_ENUM_FRAMEINTERVALS`).
public struct FormatOffer: Hashable, Sendable, CustomStringConvertible {
    /// The pixel format.
    public var fourcc: FourCC
    /// The driver's name for it, as in "YUYV 4:2:2".
    public var name: String
    /// Whether libv4l2 synthesizes it by converting another format (not a native format).
    public var emulated: Bool
    /// The frame sizes in this format.
    public var sizes: FrameSizes
    /// The frame intervals at each listed size; a size missing here has rates the driver does not list.
    public var intervals: [FrameSize: FrameIntervals]

    /// Creates an offer.
    ///
    /// - Parameters:
    ///   - fourcc: The pixel format.
    ///   - name: The driver's name for it.
    ///   - emulated: Whether libv4l2 converts into it.
    ///   - sizes: The frame sizes offered.
    ///   - intervals: The frame intervals at each size, where the driver lists them.
    public init(
        fourcc: FourCC,
        name: String = "",
        emulated: Bool = false,
        sizes: FrameSizes,
        intervals: [FrameSize: FrameIntervals] = [:]
    ) {
        self.fourcc = fourcc
        self.name = name
        self.emulated = emulated
        self.sizes = sizes
        self.intervals = intervals
    }

    /// `YUYV 640x480 (30, 15 fps), 1280x720 (10 fps)`, for `kioskctl cameras` and error messages.
    public var description: String {
        let listed: String
        switch sizes {
        case .discrete(let list):
            listed = list.map { size in intervals[size].map { "\(size) (\($0) fps)" } ?? "\(size)" }
                .joined(separator: ", ")
        case .stepwise:
            let rates = intervals.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) fps" }
            listed = "\(sizes)" + (rates.isEmpty ? "" : " (" + rates.joined(separator: ", ") + ")")
        }
        return "\(fourcc) \(listed)\(emulated ? " (libv4l2)" : "")"
    }
}

/// The frame sizes a device offers in one format (`VIDIOC_ENUM_FRAMESIZES`).
public enum FrameSizes: Hashable, Sendable, CustomStringConvertible {
    /// A list of sizes, as USB cameras give.
    case discrete([FrameSize])
    /// Any size from `min` to `max` in steps of `step` (continuous when the step is 1).
    case stepwise(min: FrameSize, max: FrameSize, step: FrameSize)

    /// Whether `size` is one of the offered sizes.
    ///
    /// - Parameter size: The size to look for.
    /// - Returns: `true` when the device offers `size` in this format.
    public func contains(_ size: FrameSize) -> Bool {
        switch self {
        case .discrete(let sizes):
            return sizes.contains(size)
        case .stepwise(let low, let high, let step):
            guard (low.width...high.width).contains(size.width), (low.height...high.height).contains(size.height)
            else { return false }
            return (size.width - low.width) % max(step.width, 1) == 0
                && (size.height - low.height) % max(step.height, 1) == 0
        }
    }

    /// The sizes, comma-separated, or `WxH-WxH` for a range.
    public var description: String {
        switch self {
        case .discrete(let sizes): sizes.map(\.description).joined(separator: ", ")
        case .stepwise(let low, let high, _): "\(low)-\(high)"
        }
    }
}
