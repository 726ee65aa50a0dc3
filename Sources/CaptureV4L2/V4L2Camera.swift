import Glibc

/// A USB (UVC) or other V4L2 camera as a ``FrameSource``, supervised: it reconnects by itself.
///
/// The first ``nextFrame(timeout:)`` opens the device; from then on faults are handled inside
/// (see ``CameraConfiguration``) and reported through `onStatus`: an unplugged camera is
/// released, reopened by the same path with backoff (at once when the path comes back: a camera
/// plugged in again), renegotiated and given its controls again, while `nextFrame` returns `nil`
/// at each timeout. It throws only when the supervisor gives up, which happens only with
/// ``BackoffPolicy/maxAttempts``.
///
/// Not thread-safe: use it from one serial queue (the capture queue).
public final class V4L2Camera: FrameSource {
    private let engine: SupervisedCamera<V4L2Device, ContinuousClock>
    /// The exposure the glare response set last: applied again at every reconnect instead of
    /// the configured one. Touched only on the queue that uses the camera.
    private final class ExposureOverride { var value: Int32? }
    private let exposure = ExposureOverride()

    /// Creates a camera; nothing is opened until the first ``nextFrame(timeout:)``.
    ///
    /// - Parameters:
    ///   - configuration: The device path, size, controls and fault limits.
    ///   - onStatus: Receives each status change (opening, streaming, lost, retrying), on the
    ///     caller of `nextFrame`.
    public init(configuration: CameraConfiguration, onStatus: @escaping (CameraStatus) -> Void = { _ in }) {
        engine = SupervisedCamera(
            configuration: configuration,
            clock: ContinuousClock(),
            sleep: { duration in
                let (seconds, attoseconds) = duration.components
                var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
                var remaining = timespec()
                while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
            },
            report: onStatus,
            devicePresent: { [path = configuration.device] in access(path, F_OK) == 0 },
            open: { [exposure] () throws(CaptureError) -> V4L2Device in
                var opening = configuration
                if let value = exposure.value { opening.controls.exposure = value }
                return try V4L2Device(configuration: opening)
            }
        )
    }

    /// Sets the manual exposure now, and at every reconnect from now on.
    ///
    /// - Returns: What came of writing the exposure, or `nil` while the camera is not open (it is
    ///   applied when it opens) or when the device failed (the next frame reports it).
    public func adjustExposure(to value: Int32) -> ControlOutcome? {
        exposure.value = value
        guard let device = engine.device else { return nil }
        do {
            return try device.apply(CameraControls(exposureAutoPriority: nil, exposure: value)).last
        } catch {
            return nil  // the device itself failed: the next nextFrame reports it and reconnects
        }
    }

    deinit { engine.stop() }

    /// Waits for the next good frame.
    ///
    /// - Parameter timeout: How long to wait.
    /// - Returns: The frame, or `nil` if none came in time (including while reconnecting).
    /// - Throws: The last error once the supervisor gives up (only with ``BackoffPolicy/maxAttempts``).
    public func nextFrame(timeout: Duration) throws(CaptureError) -> LumaFrame? {
        try engine.nextFrame(timeout: timeout)
    }

    /// Queues the frame's buffer to the driver again.
    ///
    /// - Parameter frame: A frame from this camera.
    public func release(_ frame: LumaFrame) { engine.release(frame) }

    /// Stops streaming and releases the device; a later `nextFrame` returns `nil`.
    public func stop() { engine.stop() }

    /// The format negotiated at the last opening, or `nil` while not streaming.
    public var format: NegotiatedFormat? { engine.device?.format }

    /// What happened to each configured control at the last opening.
    public var controlOutcomes: [ControlOutcome] { engine.device?.controlOutcomes ?? [] }

    /// Frames, drops, corrupt frames, restarts and reconnects so far.
    public var statistics: CaptureStatistics { engine.statistics }
}
