/// Why a frame source could not deliver frames, in words an operator can act on.
///
/// ``code`` is stable (it goes on the wire and into logs to grep for); ``message`` is one
/// or two sentences naming the device and what to do.
public enum CaptureError: Error, Hashable, Sendable {
    /// The camera disappeared (`ENODEV`): it was unplugged or its USB link reset.
    /// The camera supervisor releases it and reopens the same stable path with backoff.
    case deviceRemoved(device: String)
    /// Another process holds the camera (`EBUSY`).
    case deviceBusy(device: String)
    /// The USB bus has no bandwidth left for this stream (`ENOSPC` at `VIDIOC_STREAMON`).
    case usbBandwidthExhausted(device: String)
    /// No such device node (`ENOENT`): the path is wrong or the camera is not plugged in.
    case deviceNotFound(device: String)
    /// The process may not open the node (`EACCES`, `EPERM`).
    case permissionDenied(device: String)
    /// The node exists but is not a single-planar streaming capture device (a metadata node, an output).
    case notACaptureDevice(device: String, capabilities: DeviceCapabilities)
    /// No format offers the configured size (or the configured pixel format does not exist).
    case noSuitableFormat(device: String, requested: String, offered: String)
    /// The driver answered `VIDIOC_S_FMT` with a different format than asked for, as `VIDIOC_G_FMT` showed.
    case formatRejected(device: String, requested: String, got: String)
    /// The stream was restarted several times in a row without producing a good frame.
    case streamNotRecovering(device: String, restarts: Int)
    /// Another system call failed.
    case system(device: String, SystemCallError)
    /// A replay file or directory could not be read.
    case replayUnreadable(path: String, SystemCallError)
    /// A replay file is not a valid PGM (P5) or Y4M file; `reason` says what is wrong where.
    case replayMalformed(path: String, reason: String)
    /// A replay directory holds no `.pgm` files.
    case replayEmpty(path: String)
    /// A non-looping replay has delivered its last frame.
    case endOfStream(source: String)
    /// The synthetic camera was configured with something it cannot show.
    case syntheticInvalid(reason: String)
    /// The scanner refused a frame (its geometry or buffer); the frame is skipped and counted.
    case frameUnscannable(reason: String, count: Int)

    /// A stable identifier for logs, the control protocol and kioskctl's exit status.
    ///
    /// Never rename one.
    public var code: String {
        switch self {
        case .deviceRemoved: "camera_removed"
        case .deviceBusy: "camera_busy"
        case .usbBandwidthExhausted: "camera_usb_bandwidth"
        case .deviceNotFound: "camera_not_found"
        case .permissionDenied: "camera_permission_denied"
        case .notACaptureDevice: "camera_not_capture_device"
        case .noSuitableFormat: "camera_no_suitable_format"
        case .formatRejected: "camera_format_rejected"
        case .streamNotRecovering: "camera_stream_not_recovering"
        case .system: "camera_system_error"
        case .replayUnreadable: "replay_unreadable"
        case .replayMalformed: "replay_malformed"
        case .replayEmpty: "replay_empty"
        case .endOfStream: "end_of_stream"
        case .syntheticInvalid: "synthetic_camera_invalid"
        case .frameUnscannable: "frame_unscannable"
        }
    }

    /// What happened and what to do about it, for the operator.
    public var message: String {
        switch self {
        case .deviceRemoved(let device):
            "Camera \(device) was disconnected (unplugged or USB reset); kioskd will reconnect when it is back."
        case .deviceBusy(let device):
            "Camera \(device) is in use by another program (a second kioskd, a video call or a test tool); "
                + "close that program, e.g. find it with `fuser \(device)`."
        case .usbBandwidthExhausted(let device):
            "Camera \(device) cannot stream: its USB controller has no bandwidth left (another camera or "
                + "audio device shares it). Plug the camera into a port on another controller, or configure "
                + "a smaller size or frame rate."
        case .deviceNotFound(let device):
            "Camera \(device) does not exist; check that it is plugged in and that the configured path "
                + "(see `kioskctl cameras`) is right."
        case .permissionDenied(let device):
            "kioskd may not open camera \(device); add its user to the `video` group."
        case .notACaptureDevice(let device, let capabilities):
            "\(device) is not a video capture node (capabilities 0x\(String(capabilities.rawValue, radix: 16))); "
                + "a USB camera's second node carries only metadata. Use the path `kioskctl cameras` lists."
        case .noSuitableFormat(let device, let requested, let offered):
            "Camera \(device) offers no usable format for \(requested); it offers: \(offered)."
        case .formatRejected(let device, let requested, let got):
            "Camera \(device) was asked for \(requested) but set \(got); configure a size it lists."
        case .streamNotRecovering(let device, let restarts):
            "Camera \(device) delivered no good frame after \(restarts) stream restarts; it will be reopened."
        case .system(let device, let error):
            "Camera \(device): \(error)."
        case .replayUnreadable(let path, let error):
            "Cannot read replay source \(path): \(error)."
        case .replayMalformed(let path, let reason):
            "Replay file \(path) is not usable: \(reason)."
        case .replayEmpty(let path):
            "Replay directory \(path) holds no .pgm files."
        case .endOfStream(let source):
            "Replay \(source) has no more frames."
        case .syntheticInvalid(let reason):
            "The synthetic camera cannot run: \(reason)."
        case .frameUnscannable(let reason, let count):
            "A camera frame could not be scanned (\(reason)); it was skipped, \(count) so far."
        }
    }
}

extension CaptureError: CustomStringConvertible {
    /// The operator's message, so a log line or `print` of the error reads as the sentence.
    public var description: String { message }
}
