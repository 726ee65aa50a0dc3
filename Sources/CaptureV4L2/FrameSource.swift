/// Anything that produces greyscale frames for the scanner: a V4L2 camera, a replay, a synthetic scene.
///
/// Frames are borrowed: ``nextFrame(timeout:)`` hands out a view of the source's buffer, and
/// the consumer gives it back with ``release(_:)`` once it is done, so a camera can queue the
/// buffer to the driver again. A consumer may hold a few frames at once (the pipeline keeps
/// the newest while scanning another), but a source has a fixed number of buffers, and one
/// that runs out waits for a release.
///
/// A source is used from one thread or serial queue at a time.
public protocol FrameSource {
    /// Waits for the next frame.
    ///
    /// - Parameter timeout: How long to wait; `.zero` only polls.
    /// - Returns: The frame, or `nil` if none arrived within `timeout` (or a camera is reconnecting).
    /// - Throws: A ``CaptureError`` the source cannot recover from itself, such as
    ///   ``CaptureError/endOfStream(source:)``.
    mutating func nextFrame(timeout: Duration) throws(CaptureError) -> LumaFrame?

    /// Gives a frame's buffer back to the source; its `pixels` must not be read afterwards.
    ///
    /// Releasing is infallible for the caller: a camera that fails to re-queue the buffer
    /// reports that error from the next ``nextFrame(timeout:)``.
    ///
    /// - Parameter frame: A frame this source returned and that was not released yet.
    mutating func release(_ frame: LumaFrame)
    /// Sets the camera's manual exposure (100 µs units) while it streams, and keeps it across
    /// reconnects; the glare response (``GlareResponse``) asks for it.
    ///
    /// - Returns: What came of the write, or `nil` for a source without an exposure (a replay, a
    ///   synthetic scene) or while the camera is not open.
    mutating func adjustExposure(to value: Int32) -> ControlOutcome?
}

extension FrameSource {
    /// Sources without a camera have no exposure to set.
    public mutating func adjustExposure(to value: Int32) -> ControlOutcome? { nil }
}

extension FrameSource {
    /// Waits for the next frame, lends it to `body`, then releases it.
    ///
    /// - Parameters:
    ///   - timeout: How long to wait for a frame.
    ///   - body: Reads the frame; it must not keep `pixels`.
    /// - Returns: What `body` returned, or `nil` if no frame arrived within `timeout`.
    /// - Throws: What ``nextFrame(timeout:)`` throws.
    public mutating func withNextFrame<R>(
        timeout: Duration,
        _ body: (LumaFrame) -> R
    ) throws(CaptureError) -> R? {
        guard let frame = try nextFrame(timeout: timeout) else { return nil }
        defer { release(frame) }
        return body(frame)
    }
}
