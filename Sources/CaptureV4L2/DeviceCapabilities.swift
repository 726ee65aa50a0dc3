internal import CV4L2Shim

/// What a V4L2 node can do: the `device_caps` word of `VIDIOC_QUERYCAP`.
///
/// A UVC camera exposes two nodes, one with ``videoCapture`` and one with only
/// ``metadataCapture``; only the first is a camera.
public struct DeviceCapabilities: OptionSet, Hashable, Sendable {
    /// The capability bits as the kernel reports them.
    public var rawValue: UInt32

    /// Wraps capability bits.
    ///
    /// - Parameter rawValue: The bits as the kernel reports them.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Single-planar video capture: what kioskd streams from.
    ///
    /// The corresponding C constant is `V4L2_CAP_VIDEO_CAPTURE`.
    public static let videoCapture = DeviceCapabilities(rawValue: CV4L2Shim_CAP_VIDEO_CAPTURE)
    /// Multi-planar video capture (not used by kioskd; listed so enumeration can say why it skips a node).
    ///
    /// The corresponding C constant is `V4L2_CAP_VIDEO_CAPTURE_MPLANE`.
    public static let videoCaptureMultiplanar = DeviceCapabilities(rawValue: CV4L2Shim_CAP_VIDEO_CAPTURE_MPLANE)
    /// Video output (vivid's loop source).
    ///
    /// The corresponding C constant is `V4L2_CAP_VIDEO_OUTPUT`.
    public static let videoOutput = DeviceCapabilities(rawValue: CV4L2Shim_CAP_VIDEO_OUTPUT)
    /// Metadata capture: a UVC camera's second node, which carries no pictures.
    ///
    /// The corresponding C constant is `V4L2_CAP_META_CAPTURE`.
    public static let metadataCapture = DeviceCapabilities(rawValue: CV4L2Shim_CAP_META_CAPTURE)
    /// Streaming I/O (mmap buffers), which kioskd requires.
    ///
    /// The corresponding C constant is `V4L2_CAP_STREAMING`.
    public static let streaming = DeviceCapabilities(rawValue: CV4L2Shim_CAP_STREAMING)
    /// `read()` I/O, which kioskd never uses.
    ///
    /// The corresponding C constant is `V4L2_CAP_READWRITE`.
    public static let readWrite = DeviceCapabilities(rawValue: CV4L2Shim_CAP_READWRITE)

    /// Whether kioskd can stream pictures from this node: single-planar capture with streaming I/O.
    public var isUsableCamera: Bool { isSuperset(of: [.videoCapture, .streaming]) }
}
