/// How to open and run one camera: from the daemon's config, or kioskctl's `--source camera:PATH`.
public struct CameraConfiguration: Hashable, Sendable {
    /// The device path; a stable `/dev/v4l/by-id/...` path survives re-plugging into another port.
    public var device: String
    /// The frame size to negotiate.
    public var size: FrameSize
    /// Frames per second the format must reach (``FormatPlan``) and that is set with
    /// `VIDIOC_S_PARM`; `nil` means ``FormatPlan/defaultRate`` (30).
    ///
    /// A lower rate eases a shared USB bus (see ``CaptureError/usbBandwidthExhausted(device:)``).
    public var frameRate: Int?
    /// A pixel format to insist on, or `nil` to choose by rate among GREY, NV12, YU12, YUYV and MJPEG (see ``FormatPlan``).
    public var pixelFormat: FourCC?
    /// How many mmap buffers to request.
    public var bufferCount: Int
    /// Controls applied after every (re)connect.
    public var controls: CameraControls
    /// No frame for this long restarts the stream.
    public var stallTimeout: Duration
    /// This many corrupt frames in a row restart the stream.
    public var corruptFramesBeforeRestart: Int
    /// This many stream restarts without a good frame in between close and reopen the device.
    public var restartsBeforeReopen: Int
    /// How the supervisor backs off between reopen attempts.
    public var backoff: BackoffPolicy

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - device: The device path.
    ///   - size: The frame size.
    ///   - frameRate: Frames per second to ask for, or `nil`.
    ///   - pixelFormat: A pixel format to insist on, or `nil`.
    ///   - bufferCount: The number of mmap buffers (2 or more).
    ///   - controls: Controls applied after every (re)connect.
    ///   - stallTimeout: No frame for this long restarts the stream (2 s by default).
    ///   - corruptFramesBeforeRestart: Corrupt frames in a row that restart the stream.
    ///   - restartsBeforeReopen: Fruitless stream restarts that make the camera reopen.
    ///   - backoff: The reopen backoff.
    public init(
        device: String,
        size: FrameSize = FrameSize(width: 640, height: 480),
        frameRate: Int? = nil,
        pixelFormat: FourCC? = nil,
        bufferCount: Int = 4,
        controls: CameraControls = CameraControls(),
        stallTimeout: Duration = .seconds(2),
        corruptFramesBeforeRestart: Int = 5,
        restartsBeforeReopen: Int = 3,
        backoff: BackoffPolicy = BackoffPolicy()
    ) {
        precondition(frameRate.map { $0 > 0 } ?? true, "frame rate \(frameRate ?? 0)")
        precondition(bufferCount >= 2, "at least 2 capture buffers, got \(bufferCount)")
        self.device = device
        self.size = size
        self.frameRate = frameRate
        self.pixelFormat = pixelFormat
        self.bufferCount = bufferCount
        self.controls = controls
        self.stallTimeout = stallTimeout
        self.corruptFramesBeforeRestart = corruptFramesBeforeRestart
        self.restartsBeforeReopen = restartsBeforeReopen
        self.backoff = backoff
    }
}
