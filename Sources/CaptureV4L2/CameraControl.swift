internal import CV4L2Shim

/// A V4L2 control id (`V4L2_CID_*`).
public struct CameraControl: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The control id.
    public var rawValue: UInt32

    /// Wraps a control id.
    ///
    /// - Parameter rawValue: The id.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Auto exposure mode (a menu).
    ///
    /// The corresponding C constant is `V4L2_CID_EXPOSURE_AUTO`.
    public static let exposureAuto = CameraControl(rawValue: CV4L2Shim_CID_EXPOSURE_AUTO)
    /// Whether auto exposure may lower the frame rate.
    ///
    /// The corresponding C constant is `V4L2_CID_EXPOSURE_AUTO_PRIORITY`.
    public static let exposureAutoPriority = CameraControl(rawValue: CV4L2Shim_CID_EXPOSURE_AUTO_PRIORITY)
    /// Manual exposure time in 100 µs units.
    ///
    /// The corresponding C constant is `V4L2_CID_EXPOSURE_ABSOLUTE`.
    public static let exposureAbsolute = CameraControl(rawValue: CV4L2Shim_CID_EXPOSURE_ABSOLUTE)
    /// Gain.
    ///
    /// The corresponding C constant is `V4L2_CID_GAIN`.
    public static let gain = CameraControl(rawValue: CV4L2Shim_CID_GAIN)
    /// Automatic gain.
    ///
    /// The corresponding C constant is `V4L2_CID_AUTOGAIN`.
    public static let autoGain = CameraControl(rawValue: CV4L2Shim_CID_AUTOGAIN)
    /// Continuous auto focus.
    ///
    /// The corresponding C constant is `V4L2_CID_FOCUS_AUTO`.
    public static let focusAuto = CameraControl(rawValue: CV4L2Shim_CID_FOCUS_AUTO)
    /// Manual focus position.
    ///
    /// The corresponding C constant is `V4L2_CID_FOCUS_ABSOLUTE`.
    public static let focusAbsolute = CameraControl(rawValue: CV4L2Shim_CID_FOCUS_ABSOLUTE)

    /// The `V4L2_CID_EXPOSURE_AUTO` menu entry for manual exposure.
    ///
    /// The corresponding C constant is `V4L2_EXPOSURE_MANUAL`.
    static let exposureManual = CV4L2Shim_EXPOSURE_MANUAL

    /// A short name for logs.
    public var description: String {
        switch self {
        case .exposureAuto: "exposure_auto"
        case .exposureAutoPriority: "exposure_auto_priority"
        case .exposureAbsolute: "exposure_absolute"
        case .gain: "gain"
        case .autoGain: "autogain"
        case .focusAuto: "focus_auto"
        case .focusAbsolute: "focus_absolute"
        default: "control 0x\(String(rawValue, radix: 16))"
        }
    }
}
