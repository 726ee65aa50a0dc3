/// One frame's luma (greyscale) plane, borrowed from its source until ``FrameSource/release(_:)``.
///
/// Pixels are one byte each, `pixelStep` 1: row `y` starts at `pixels[y * stride]` and holds
/// `width` bytes. For GREY, NV12 and YU12 the plane *is* the driver's mmap buffer (no copy).
/// For YUYV, whose luma is every other byte, the source copies the luma once into a plane it
/// allocated per buffer when streaming started, so the scanner reads a dense plane; an MJPEG
/// frame's luma is decoded into such a plane. Either way the plane is copied at most once, as the spec allows, and nothing is
/// allocated per frame.
///
/// - Important: `pixels` stays valid only until the frame is released to its source; keep no
///   pointer past that.
public struct LumaFrame: @unchecked Sendable {
    // @unchecked: `pixels` points into memory the source keeps mapped until release(_:), and
    // only the one consumer holding the frame reads it; handing it to a scan queue is the point.

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Bytes from the start of one row to the start of the next (at least `width`).
    public let stride: Int
    /// The luma plane: `stride * (height - 1) + width` bytes at least.
    public let pixels: UnsafeBufferPointer<UInt8>
    /// When the frame was captured, on `CLOCK_MONOTONIC` (the driver's timestamp for a camera).
    public let timestamp: Duration
    /// The driver's frame counter (a replay's frame number); a gap means frames were dropped.
    public let sequence: UInt32
    /// Which source buffer holds the pixels; the source uses it at release.
    public let buffer: BufferIndex

    /// Creates a frame record; sources call this, consumers only read frames.
    ///
    /// - Parameters:
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    ///   - stride: Bytes between row starts.
    ///   - pixels: The luma plane.
    ///   - timestamp: Capture time on `CLOCK_MONOTONIC`.
    ///   - sequence: The frame counter.
    ///   - buffer: The buffer the source releases later.
    public init(
        width: Int,
        height: Int,
        stride: Int,
        pixels: UnsafeBufferPointer<UInt8>,
        timestamp: Duration,
        sequence: UInt32,
        buffer: BufferIndex
    ) {
        precondition(width > 0 && height > 0 && stride >= width, "frame geometry \(width)x\(height) stride \(stride)")
        precondition(pixels.count >= stride * (height - 1) + width, "luma plane smaller than its geometry")
        self.width = width
        self.height = height
        self.stride = stride
        self.pixels = pixels
        self.timestamp = timestamp
        self.sequence = sequence
        self.buffer = buffer
    }

    /// The luma value at column `x`, row `y` (for tests and tools; pixel loops index `pixels`).
    ///
    /// - Parameters:
    ///   - x: Column, `0..<width`.
    ///   - y: Row, `0..<height`.
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * stride + x] }
}

/// Names one buffer of a frame source, across stream restarts and reconnects.
///
/// `generation` changes whenever the source opens the device again, so a frame released
/// after a reconnect is not queued into the new device by mistake.
public struct BufferIndex: Hashable, Sendable {
    /// The buffer's index in the source (the V4L2 buffer index for a camera).
    public var index: Int
    /// Which opening of the device the buffer belongs to.
    public var generation: UInt64

    /// Creates a buffer name.
    ///
    /// - Parameters:
    ///   - index: The buffer's index.
    ///   - generation: Which opening of the device it belongs to.
    public init(index: Int, generation: UInt64) {
        self.index = index
        self.generation = generation
    }
}
