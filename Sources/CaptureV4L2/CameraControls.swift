/// Camera controls from config, applied after every (re)connect.
///
/// A kiosk wants a steady frame rate and a fixed exposure: with "exposure auto priority" on, a
/// UVC camera lowers its frame rate in dim light; with auto focus it hunts on a phone screen.
/// `nil` leaves a control as the camera has it.
public struct CameraControls: Hashable, Sendable {
    /// `false` (the default) keeps the frame rate constant in low light.
    ///
    /// The corresponding C control is `V4L2_CID_EXPOSURE_AUTO_PRIORITY`.
    public var exposureAutoPriority: Bool?
    /// Manual exposure in units of 100 µs; setting it switches auto exposure to manual.
    ///
    /// The corresponding C controls are `V4L2_CID_EXPOSURE_AUTO` and `V4L2_CID_EXPOSURE_ABSOLUTE`.
    public var exposure: Int32?
    /// Manual gain in the camera's own units; setting it switches auto gain off.
    ///
    /// The corresponding C controls are `V4L2_CID_AUTOGAIN` and `V4L2_CID_GAIN`.
    public var gain: Int32?
    /// Manual focus in the camera's own units; setting it switches auto focus off.
    ///
    /// The corresponding C controls are `V4L2_CID_FOCUS_AUTO` and `V4L2_CID_FOCUS_ABSOLUTE`.
    public var focus: Int32?

    /// Creates a control set.
    ///
    /// - Parameters:
    ///   - exposureAutoPriority: Whether the camera may lower its frame rate for exposure; `false` by default.
    ///   - exposure: Manual exposure (100 µs units), or `nil` for the camera's setting.
    ///   - gain: Manual gain, or `nil`.
    ///   - focus: Manual focus, or `nil`.
    public init(exposureAutoPriority: Bool? = false, exposure: Int32? = nil, gain: Int32? = nil, focus: Int32? = nil) {
        self.exposureAutoPriority = exposureAutoPriority
        self.exposure = exposure
        self.gain = gain
        self.focus = focus
    }

    /// The `(control, value)` writes, in the order they must happen (auto modes off first).
    var writes: [ControlWrite] {
        var writes: [ControlWrite] = []
        if let priority = exposureAutoPriority {
            writes.append(.init(control: .exposureAutoPriority, value: priority ? 1 : 0))
        }
        if let exposure {
            writes.append(.init(control: .exposureAuto, value: CameraControl.exposureManual))
            writes.append(.init(control: .exposureAbsolute, value: exposure))
        }
        if let gain {
            writes.append(.init(control: .autoGain, value: 0))
            writes.append(.init(control: .gain, value: gain))
        }
        if let focus {
            writes.append(.init(control: .focusAuto, value: 0))
            writes.append(.init(control: .focusAbsolute, value: focus))
        }
        return writes
    }
}

/// One control write, and what came of it.
public struct ControlWrite: Hashable, Sendable {
    /// The control.
    public var control: CameraControl
    /// The value written.
    public var value: Int32

    /// Creates a write.
    ///
    /// - Parameters:
    ///   - control: The control.
    ///   - value: The value.
    public init(control: CameraControl, value: Int32) {
        self.control = control
        self.value = value
    }
}

/// What happened to one control write after a (re)connect: logged, never fatal.
public enum ControlOutcome: Hashable, Sendable {
    /// The camera took the value.
    case applied(ControlWrite)
    /// The camera has no such control (`EINVAL`): a fixed-focus camera has no focus control.
    case unsupported(ControlWrite)
    /// The camera refused the value (out of range, or inactive in the current mode).
    case refused(ControlWrite, SystemCallError)
}

extension ControlOutcome: CustomStringConvertible {
    /// `gain=77 applied`, `focus_absolute=30 unsupported`, or `... refused (reason)`.
    public var description: String {
        switch self {
        case .applied(let write): "\(write.control)=\(write.value) applied"
        case .unsupported(let write): "\(write.control)=\(write.value) unsupported"
        case .refused(let write, let error): "\(write.control)=\(write.value) refused (\(error))"
        }
    }
}
