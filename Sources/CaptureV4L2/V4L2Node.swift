import Glibc
internal import CV4L2Shim

/// Queries on an open V4L2 fd, shared by device enumeration and ``V4L2Device``.
///
/// Capabilities, formats and sizes, format negotiation, controls. It does not own the fd.
struct V4L2Node {
    let fd: CInt
    let path: String

    /// The identity and capabilities from `VIDIOC_QUERYCAP`.
    struct Identity {
        var driver: String
        var card: String
        var busInfo: String
        /// The node's own capabilities (`device_caps`), or the whole device's on old drivers.
        var device: DeviceCapabilities
    }

    /// Runs an ioctl through libv4l2.
    ///
    /// - Returns: `false` on EAGAIN.
    /// - Throws: The errno mapped to a ``CaptureError``.
    @discardableResult
    func ioctl<T>(_ name: String, _ request: UInt, _ argument: inout T) throws(CaptureError) -> Bool {
        do throws(SystemCallError) {
            let outcome = try withUnsafeMutableBytes(of: &argument) { (bytes) throws(SystemCallError) in
                try syscall(name) { CV4L2Shim_ioctl(fd, request, bytes.baseAddress) }
            }
            switch outcome {
            case .done: return true
            case .wouldBlock: return false
            }
        } catch {
            throw CaptureError(error, device: path)
        }
    }

    /// Like ``ioctl(_:_:_:)``, but `EINVAL` (the end of an enumeration, an unsupported query) gives `false`.
    func ioctlUnlessInvalid<T>(_ name: String, _ request: UInt, _ argument: inout T) throws(CaptureError) -> Bool {
        do throws(CaptureError) {
            return try ioctl(name, request, &argument)
        } catch {
            if case .system(_, let failure) = error, failure.errno == EINVAL || failure.errno == ENOTTY { return false }
            throw error
        }
    }

    func capabilities() throws(CaptureError) -> Identity {
        var caps = v4l2_capability()
        try ioctl("VIDIOC_QUERYCAP", CV4L2Shim_VIDIOC_QUERYCAP, &caps)
        let all = DeviceCapabilities(rawValue: caps.capabilities)
        let hasDeviceCaps = caps.capabilities & CV4L2Shim_CAP_DEVICE_CAPS != 0
        return Identity(
            driver: Self.string(caps.driver),
            card: Self.string(caps.card),
            busInfo: Self.string(caps.bus_info),
            device: hasDeviceCaps ? DeviceCapabilities(rawValue: caps.device_caps) : all
        )
    }

    /// Every capture format with its sizes and frame rates (`VIDIOC_ENUM_FMT`,
    /// `VIDIOC_ENUM_FRAMESIZES`, `VIDIOC_ENUM_FRAMEINTERVALS`).
    ///
    /// Where the driver answers ENUM_FRAMESIZES with EINVAL (vivid's HDMI input, some real
    /// drivers), the size is found with `VIDIOC_TRY_FMT`: the driver adjusts `wanted` to what
    /// it can do, and that one size is listed. Rates are listed for every discrete size, and for
    /// `wanted` within a stepwise range.
    ///
    /// - Parameter wanted: The size to try where sizes cannot be enumerated.
    /// - Returns: The formats in the driver's order.
    /// - Throws: ``CaptureError`` when the device fails (ENODEV, EBUSY ...).
    func formatOffers(resolving wanted: FrameSize) throws(CaptureError) -> [FormatOffer] {
        var offers: [FormatOffer] = []
        var index: UInt32 = 0
        while true {
            var description = v4l2_fmtdesc()
            description.index = index
            description.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
            guard try ioctlUnlessInvalid("VIDIOC_ENUM_FMT", CV4L2Shim_VIDIOC_ENUM_FMT, &description) else { break }
            let fourcc = FourCC(rawValue: description.pixelformat)
            var sizes = FrameSizes.discrete([])
            if let listed = try frameSizes(fourcc) {
                sizes = listed
            } else if let tried = try triedSize(fourcc, wanted) {
                sizes = .discrete([tried])
            }
            var intervals: [FrameSize: FrameIntervals] = [:]
            let rated: [FrameSize]
            switch sizes {
            case .discrete(let list): rated = list
            case .stepwise: rated = sizes.contains(wanted) ? [wanted] : []
            }
            for size in rated {
                if let listed = try frameIntervals(fourcc, size) { intervals[size] = listed }
            }
            offers.append(
                FormatOffer(
                    fourcc: fourcc,
                    name: Self.string(description.description),
                    emulated: description.flags & CV4L2Shim_FMT_FLAG_EMULATED != 0,
                    sizes: sizes,
                    intervals: intervals
                )
            )
            index += 1
        }
        return offers
    }

    /// The frame intervals from ENUM_FRAMEINTERVALS, or `nil` when the driver does not list them.
    func frameIntervals(_ fourcc: FourCC, _ size: FrameSize) throws(CaptureError) -> FrameIntervals? {
        var intervals: [FrameInterval] = []
        var index: UInt32 = 0
        while true {
            var entry = v4l2_frmivalenum()
            entry.index = index
            entry.pixel_format = fourcc.rawValue
            entry.width = UInt32(size.width)
            entry.height = UInt32(size.height)
            let request = CV4L2Shim_VIDIOC_ENUM_FRAMEINTERVALS
            guard try ioctlUnlessInvalid("VIDIOC_ENUM_FRAMEINTERVALS", request, &entry) else { break }
            if entry.type == CV4L2Shim_FRMIVAL_TYPE_DISCRETE {
                if let interval = Self.interval(entry.discrete) { intervals.append(interval) }
            } else {
                let s = entry.stepwise
                guard let fastest = Self.interval(s.min), let slowest = Self.interval(s.max) else { return nil }
                let step = entry.type == CV4L2Shim_FRMIVAL_TYPE_STEPWISE ? Self.interval(s.step) : nil
                return .stepwise(min: fastest, max: slowest, step: step)
            }
            index += 1
        }
        return intervals.isEmpty ? nil : .discrete(intervals)
    }

    /// A driver's fraction as an interval; `nil` for a zero part (a driver bug, ignored).
    static func interval(_ fraction: v4l2_fract) -> FrameInterval? {
        guard fraction.numerator > 0, fraction.denominator > 0 else { return nil }
        return FrameInterval(numerator: Int(fraction.numerator), denominator: Int(fraction.denominator))
    }

    /// The sizes from ENUM_FRAMESIZES, or `nil` when the driver does not enumerate them.
    func frameSizes(_ fourcc: FourCC) throws(CaptureError) -> FrameSizes? {
        var sizes: [FrameSize] = []
        var index: UInt32 = 0
        while true {
            var size = v4l2_frmsizeenum()
            size.index = index
            size.pixel_format = fourcc.rawValue
            guard try ioctlUnlessInvalid("VIDIOC_ENUM_FRAMESIZES", CV4L2Shim_VIDIOC_ENUM_FRAMESIZES, &size) else {
                break
            }
            if size.type == CV4L2Shim_FRMSIZE_TYPE_DISCRETE {
                sizes.append(FrameSize(width: Int(size.discrete.width), height: Int(size.discrete.height)))
            } else {
                let s = size.stepwise
                let stepped = size.type == CV4L2Shim_FRMSIZE_TYPE_STEPWISE
                return .stepwise(
                    min: FrameSize(width: Int(s.min_width), height: Int(s.min_height)),
                    max: FrameSize(width: Int(s.max_width), height: Int(s.max_height)),
                    step: stepped
                        ? FrameSize(width: Int(s.step_width), height: Int(s.step_height))
                        : FrameSize(width: 1, height: 1)
                )
            }
            index += 1
        }
        return sizes.isEmpty ? nil : .discrete(sizes)
    }

    /// The size the driver would set for `fourcc` at `wanted` (`VIDIOC_TRY_FMT`, else `VIDIOC_G_FMT`).
    func triedSize(_ fourcc: FourCC, _ wanted: FrameSize) throws(CaptureError) -> FrameSize? {
        var format = v4l2_format()
        format.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        format.fmt.pix.pixelformat = fourcc.rawValue
        format.fmt.pix.width = UInt32(wanted.width)
        format.fmt.pix.height = UInt32(wanted.height)
        format.fmt.pix.field = CV4L2Shim_FIELD_NONE
        if try ioctlUnlessInvalid("VIDIOC_TRY_FMT", CV4L2Shim_VIDIOC_TRY_FMT, &format) {
            guard format.fmt.pix.pixelformat == fourcc.rawValue else { return nil }
            return FrameSize(width: Int(format.fmt.pix.width), height: Int(format.fmt.pix.height))
        }
        let current = try currentFormat()
        return current.fourcc == fourcc ? current.size : nil
    }

    /// The format the driver has now (`VIDIOC_G_FMT`).
    func currentFormat() throws(CaptureError) -> NegotiatedFormat {
        var format = v4l2_format()
        format.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        try ioctl("VIDIOC_G_FMT", CV4L2Shim_VIDIOC_G_FMT, &format)
        let pix = format.fmt.pix
        let fourcc = FourCC(rawValue: pix.pixelformat)
        let width = Int(pix.width)
        let minimumLine = fourcc == .yuyv ? width * 2 : width
        return NegotiatedFormat(
            fourcc: fourcc,
            size: FrameSize(width: width, height: Int(pix.height)),
            bytesPerLine: max(Int(pix.bytesperline), minimumLine),
            sizeImage: Int(pix.sizeimage)
        )
    }

    /// Sets the planned format (`VIDIOC_S_FMT`) and confirms it with `VIDIOC_G_FMT`.
    ///
    /// - Throws: ``CaptureError/formatRejected(device:requested:got:)`` when the driver set something else.
    func setFormat(_ plan: FormatPlan) throws(CaptureError) -> NegotiatedFormat {
        var format = v4l2_format()
        format.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        format.fmt.pix.pixelformat = plan.fourcc.rawValue
        format.fmt.pix.width = UInt32(plan.size.width)
        format.fmt.pix.height = UInt32(plan.size.height)
        format.fmt.pix.field = CV4L2Shim_FIELD_NONE
        try ioctl("VIDIOC_S_FMT", CV4L2Shim_VIDIOC_S_FMT, &format)
        var confirmed = try currentFormat()
        confirmed.reason = plan.reason
        guard confirmed.fourcc == plan.fourcc, confirmed.size == plan.size else {
            throw .formatRejected(
                device: path,
                requested: "\(plan.fourcc) \(plan.size)",
                got: "\(confirmed.fourcc) \(confirmed.size)"
            )
        }
        return confirmed
    }

    /// Sets the planned frame interval (`VIDIOC_S_PARM`) if there is one, and reads back the rate in effect.
    ///
    /// - Parameter interval: The interval to ask for, or `nil` to keep the driver's.
    /// - Returns: The rate in effect, or `nil` when the driver does not report one.
    /// - Throws: Only what means the device itself failed; a driver without frame-rate control is not an error.
    func setFrameInterval(_ interval: FrameInterval?) throws(CaptureError) -> Double? {
        var parameters = v4l2_streamparm()
        parameters.type = CV4L2Shim_BUF_TYPE_VIDEO_CAPTURE
        guard try ioctlUnlessInvalid("VIDIOC_G_PARM", CV4L2Shim_VIDIOC_G_PARM, &parameters),
            parameters.parm.capture.capability & CV4L2Shim_CAP_TIMEPERFRAME != 0
        else { return nil }
        if let interval {
            parameters.parm.capture.timeperframe = v4l2_fract(
                numerator: UInt32(interval.numerator),
                denominator: UInt32(interval.denominator)
            )
            guard try ioctlUnlessInvalid("VIDIOC_S_PARM", CV4L2Shim_VIDIOC_S_PARM, &parameters) else { return nil }
        }
        return Self.interval(parameters.parm.capture.timeperframe)?.framesPerSecond
    }

    /// Writes each configured control; a missing or refused control is reported, not fatal.
    ///
    /// - Throws: Only what means the device itself failed (ENODEV, EBUSY...).
    func apply(_ controls: CameraControls) throws(CaptureError) -> [ControlOutcome] {
        var outcomes: [ControlOutcome] = []
        for write in controls.writes {
            var control = v4l2_control(id: write.control.rawValue, value: write.value)
            do throws(CaptureError) {
                try ioctl("VIDIOC_S_CTRL", CV4L2Shim_VIDIOC_S_CTRL, &control)
                outcomes.append(.applied(write))
            } catch {
                guard case .system(_, let failure) = error else { throw error }
                switch failure.errno {
                case EINVAL, ENOTTY: outcomes.append(.unsupported(write))
                case ERANGE, EACCES, EIO: outcomes.append(.refused(write, failure))
                default: throw error
                }
            }
        }
        return outcomes
    }

    /// Reads a control's value (`VIDIOC_G_CTRL`).
    func control(_ id: UInt32) throws(CaptureError) -> Int32 {
        var control = v4l2_control(id: id, value: 0)
        try ioctl("VIDIOC_G_CTRL", CV4L2Shim_VIDIOC_G_CTRL, &control)
        return control.value
    }

    /// Finds a control id by its driver-given name (`VIDIOC_QUERYCTRL` with `V4L2_CTRL_FLAG_NEXT_CTRL`).
    func controlID(named name: String) throws(CaptureError) -> UInt32? {
        var query = v4l2_queryctrl()
        query.id = CV4L2Shim_CTRL_FLAG_NEXT_CTRL
        while try ioctlUnlessInvalid("VIDIOC_QUERYCTRL", CV4L2Shim_VIDIOC_QUERYCTRL, &query) {
            if Self.string(query.name) == name { return query.id }
            query.id |= CV4L2Shim_CTRL_FLAG_NEXT_CTRL
        }
        return nil
    }

    /// A NUL-terminated C char array (imported as a tuple) as a String.
    static func string<Tuple>(_ tuple: Tuple) -> String {
        withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
