/// The streaming loop of a camera with its supervisor: opens the device, streams, survives faults.
///
/// Generic over the device (``V4L2Device``, or a scripted fake in tests) and the clock, so the
/// fault handling is tested without hardware or waiting. Faults and what happens:
/// - `EAGAIN` from DQBUF: poll again, until the caller's timeout.
/// - No frame for ``CameraConfiguration/stallTimeout``: restart the stream (STREAMOFF, queue, STREAMON).
/// - A corrupt frame (`V4L2_BUF_FLAG_ERROR`, fewer bytes than a full frame, or an MJPEG frame
///   that does not decode): counted, re-queued, dropped; ``CameraConfiguration/corruptFramesBeforeRestart`` in a row restart the stream.
/// - ``CameraConfiguration/restartsBeforeReopen`` restarts without a good frame, ENODEV, or any
///   other device error: the supervisor releases the device and reopens it by the same path with
///   backoff, which renegotiates the format and re-applies the controls. While it waits, a path
///   seen absent and then back (the camera plugged in again) is opened at once.
/// Gaps in the driver's sequence numbers count as dropped frames. When several frames are
/// waiting, the newest is handed out and the older ones are re-queued (counted as stale).
final class SupervisedCamera<Device: VideoDevice, C: Clock> where C.Duration == Duration {
    let configuration: CameraConfiguration
    private let open: () throws(CaptureError) -> Device
    private let clock: C
    private let sleep: (Duration) -> Void
    private let report: (CameraStatus) -> Void
    private var supervisor: CameraSupervisor<C>
    private var current: OpenCamera<Device>?
    /// Failed openings whose buffers the consumer still holds.
    private var retired: [OpenCamera<Device>] = []
    private var generation: UInt64 = 0
    private var openings = 0
    private var started = false
    private var finalError: CaptureError?
    /// An error from a re-queue at release time, thrown from the next `nextFrame`.
    private var pendingError: CaptureError?
    private var lastProgress: C.Instant
    private var lastSequence: UInt32?
    private var corruptInARow = 0
    private var restartsWithoutFrame = 0
    private(set) var statistics = CaptureStatistics()
    /// Whether the device's path exists now; `nil` when it is not watched.
    private let devicePresent: (() -> Bool)?
    /// The path was seen absent while waiting to reopen: its return opens the camera at once.
    private var deviceWasAbsent = false
    /// How often the path is looked at while waiting to reopen.
    static var presenceCheckInterval: Duration { .milliseconds(250) }

    /// - Parameters:
    ///   - configuration: Timeouts and limits.
    ///   - clock: The clock for stalls and backoff.
    ///   - sleep: Blocks the calling thread (tests advance a manual clock instead).
    ///   - report: Receives each status change.
    ///   - devicePresent: Whether the device's path exists now, looked at every
    ///     ``presenceCheckInterval`` while waiting to reopen, so that a camera plugged in again is
    ///     opened at once instead of at the end of the wait; `nil` waits out every backoff.
    ///   - open: Opens, negotiates and maps the device.
    init(
        configuration: CameraConfiguration,
        clock: C,
        sleep: @escaping (Duration) -> Void,
        report: @escaping (CameraStatus) -> Void,
        devicePresent: (() -> Bool)? = nil,
        open: @escaping () throws(CaptureError) -> Device
    ) {
        self.configuration = configuration
        self.devicePresent = devicePresent
        self.clock = clock
        self.sleep = sleep
        self.report = report
        self.open = open
        supervisor = CameraSupervisor(policy: configuration.backoff)
        lastProgress = clock.now
    }

    deinit { retired.removeAll() }

    /// The device currently streaming, if any.
    var device: Device? { current?.device }

    var phase: CameraSupervisor<C>.Phase { supervisor.phase }

    func nextFrame(timeout: Duration) throws(CaptureError) -> LumaFrame? {
        if let finalError { throw finalError }
        let deadline = clock.now.advanced(by: timeout)
        if !started {
            started = true
            try perform(supervisor.start(now: clock.now))
        }
        while true {
            if current == nil {
                try perform(supervisor.tick(now: clock.now))
                if current != nil { continue }
                if try reopenIfDeviceReturned() { continue }
                let now = clock.now
                guard now < deadline else { return nil }
                var wake = min(deadline, supervisor.retryAt ?? deadline)
                if devicePresent != nil, supervisor.phase == .backoff {
                    wake = min(wake, now.advanced(by: Self.presenceCheckInterval))
                }
                sleep(max(now.duration(to: wake), .milliseconds(1)))
                continue
            }
            do throws(CaptureError) {
                return try stream(until: deadline)
            } catch {
                pendingError = nil
                try perform(supervisor.failed(error, now: clock.now))
            }
        }
    }

    /// While waiting to reopen, looks at the device's path: once seen absent and now back, the
    /// camera is opened at once. Returns whether it tried.
    private func reopenIfDeviceReturned() throws(CaptureError) -> Bool {
        guard let devicePresent, supervisor.phase == .backoff else { return false }
        guard devicePresent() else {
            deviceWasAbsent = true
            return false
        }
        guard deviceWasAbsent else { return false }
        deviceWasAbsent = false
        try perform(supervisor.deviceReturned(now: clock.now))
        return true
    }

    func release(_ frame: LumaFrame) {
        let buffer = frame.buffer
        if let current, buffer.generation == current.generation {
            guard current.held.remove(buffer.index) != nil else { return }
            do throws(CaptureError) {
                try current.device.queue(buffer.index)
            } catch {
                if pendingError == nil { pendingError = error }
            }
            return
        }
        guard let slot = retired.firstIndex(where: { $0.generation == buffer.generation }) else { return }
        retired[slot].held.remove(buffer.index)
        if retired[slot].held.isEmpty { retired.remove(at: slot) }  // deinit unmaps and closes
    }

    /// Closes the camera (on shutdown).
    func stop() {
        _ = try? perform(supervisor.stop())  // stop() never yields .giveUp: nothing to throw
    }

    // MARK: Streaming

    /// Waits for a good frame; if several are already waiting, the newest wins and the older
    /// ones go straight back to the driver (counted as stale), so a slow consumer sees fresh frames.
    private func stream(until deadline: C.Instant) throws(CaptureError) -> LumaFrame? {
        guard let camera = current else { return nil }
        while let buffer = try newestBuffer(camera, until: deadline) {
            do throws(JPEGError) {
                try camera.decode(buffer)
            } catch {
                camera.held.remove(buffer.index)
                try rejectCorrupt(buffer, camera)
                continue
            }
            corruptInARow = 0
            restartsWithoutFrame = 0
            lastProgress = clock.now
            statistics.frames += 1
            return camera.frame(for: buffer)
        }
        return nil
    }

    /// Takes the newest good-looking buffer that arrives before `deadline`, re-queueing older ones.
    private func newestBuffer(_ camera: OpenCamera<Device>, until deadline: C.Instant) throws(CaptureError)
        -> DequeuedBuffer?
    {
        if let error = pendingError { throw error }
        var newest: DequeuedBuffer?
        do throws(CaptureError) {
            while true {
                let now = clock.now
                if camera.held.count == camera.device.bufferCount {
                    if newest != nil { break }
                    // Every buffer is with the consumer: nothing can arrive until one is released.
                    if now < deadline { sleep(now.duration(to: deadline)) }
                    return nil
                }
                let stallAt = lastProgress.advanced(by: configuration.stallTimeout)
                if newest == nil, now >= stallAt {
                    try restartStream(camera)
                    continue
                }
                // Poll before DQBUF: libv4l2 prints every failed DQBUF, EAGAIN included, to stderr.
                let wait =
                    newest != nil ? .zero : max(.zero, min(now.duration(to: deadline), now.duration(to: stallAt)))
                if try camera.device.waitForFrame(timeout: wait), let buffer = try camera.device.dequeue() {
                    if try accept(buffer, from: camera) {
                        if let older = newest {
                            statistics.stale += 1
                            camera.held.remove(older.index)
                            try camera.device.queue(older.index)
                        }
                        newest = buffer
                    }
                    continue
                }
                if newest != nil || clock.now >= deadline { break }
            }
        } catch {
            // A frame already in hand stays valid (its buffer stays mapped until released), so
            // deliver it; the failure comes out of the next call.
            guard newest != nil else { throw error }
            pendingError = error
        }
        return newest
    }

    /// Checks a dequeued buffer; a good one is marked held, a corrupt one re-queued at once.
    ///
    /// - Returns: Whether the buffer holds a good frame.
    private func accept(_ buffer: DequeuedBuffer, from camera: OpenCamera<Device>) throws(CaptureError) -> Bool {
        if let last = lastSequence {
            let gap = buffer.sequence &- last &- 1
            if gap > 0 && gap < 1 << 31 { statistics.dropped += Int(gap) }
        }
        lastSequence = buffer.sequence
        if buffer.hasErrorFlag || buffer.bytesUsed < camera.device.format.minimumFrameBytes {
            try rejectCorrupt(buffer, camera)
            return false
        }
        camera.held.insert(buffer.index)
        return true
    }

    /// Counts a corrupt frame and gives its buffer back; too many in a row restart the stream.
    private func rejectCorrupt(_ buffer: DequeuedBuffer, _ camera: OpenCamera<Device>) throws(CaptureError) {
        statistics.corrupt += 1
        corruptInARow += 1
        try camera.device.queue(buffer.index)
        if corruptInARow >= configuration.corruptFramesBeforeRestart { try restartStream(camera) }
    }

    private func restartStream(_ camera: OpenCamera<Device>) throws(CaptureError) {
        restartsWithoutFrame += 1
        statistics.restarts += 1
        if restartsWithoutFrame > configuration.restartsBeforeReopen {
            throw .streamNotRecovering(device: camera.device.path, restarts: restartsWithoutFrame - 1)
        }
        try camera.device.streamOff()
        try startStreaming(camera)
    }

    private func startStreaming(_ camera: OpenCamera<Device>) throws(CaptureError) {
        for index in 0..<camera.device.bufferCount where !camera.held.contains(index) {
            try camera.device.queue(index)
        }
        try camera.device.streamOn()
        lastProgress = clock.now
        lastSequence = nil
        corruptInARow = 0
    }

    // MARK: Supervisor actions

    private func perform(_ actions: [CameraSupervisor<C>.Action]) throws(CaptureError) {
        for action in actions {
            switch action {
            case .report(let status):
                report(status)
            case .open:
                do throws(CaptureError) {
                    let device = try open()
                    generation += 1
                    let camera = OpenCamera(device: device, generation: generation)
                    try startStreaming(camera)
                    current = camera
                    deviceWasAbsent = false
                    restartsWithoutFrame = 0
                    openings += 1
                    if openings > 1 { statistics.reconnects += 1 }
                    try perform(supervisor.opened(now: clock.now, format: device.format))
                } catch {
                    try perform(supervisor.openFailed(error, now: clock.now))
                }
            case .close:
                if let camera = current {
                    current = nil
                    if !camera.held.isEmpty { retired.append(camera) }  // else deinit releases it now
                }
                try perform(supervisor.released(now: clock.now))
            case .giveUp(let error):
                finalError = error
                throw error
            }
        }
    }
}
