internal import Decoder
import Dispatch
import Glibc
import Synchronization

/// Frames from a source, scanned as they come, de-duplicated into scan events.
///
/// Capture runs on its own serial queue and owns the source; scanning runs on another and owns
/// the scanner. Between them is a one-frame mailbox: the newest frame wins, an older one not yet
/// scanned goes straight back to the source and counts as dropped, so a slow scan never builds a
/// queue. The scanner is made once per frame geometry and reused.
public final class ScanPipeline<Source: FrameSource & SendableMetatype>: @unchecked Sendable {
    // @unchecked: `source` is touched only on `captureQueue`; `scanner` and `dedup` only on
    // `scanQueue`; the mailbox, the statistics and `running` are behind mutexes.
    private let captureQueue = DispatchQueue(label: "kioskd.capture", qos: .userInteractive)
    private let scanQueue = DispatchQueue(label: "kioskd.scan", qos: .userInteractive)
    private var source: Source
    private var scanner: QRScanner?
    private var dedup: DedupWindow<ContinuousClock>
    private let maximumVersion: QRVersion
    private let mailbox = Mutex<LumaFrame?>(nil)
    private let stats = Mutex(PipelineStatistics())
    private let running = Mutex(false)
    private let onEvent: @Sendable (ScanEvent) -> Void
    private let onError: @Sendable (CaptureError) -> Void
    private let previewInterval: Duration?
    private let onPreview: @Sendable (PreviewFrame) -> Void
    /// When the next preview is due (scan queue only).
    private var nextPreview: ContinuousClock.Instant?
    /// The exposure's answer to glare (scan queue only); `nil` when off.
    private var glare: GlareResponse?
    /// Where codes were last read, and when (scan queue only): the glare is measured there.
    private var codeRegion: (region: SaturationMeter.Region, at: Duration)?
    private let onExposure: @Sendable (Int32, ControlOutcome?) -> Void

    /// Creates a pipeline; nothing runs until ``start()``.
    ///
    /// - Parameters:
    ///   - source: Where frames come from; the pipeline owns it from now on.
    ///   - maximumVersion: The largest QR version the scanner looks for (1-40).
    ///   - dedupHold: How long a code must be out of view before it is reported again.
    ///   - onEvent: Called on the scan queue with each new sighting, in order.
    ///   - onError: Called on the capture queue with what the source could not recover from
    ///     (capture stops after ``CaptureError/endOfStream(source:)`` and retries otherwise), and on
    ///     the scan queue with frames the scanner refused (``CaptureError/frameUnscannable(reason:count:)``).
    ///   - previewInterval: How often to make a ``PreviewFrame`` of a scanned frame; `nil`: never.
    ///   - onPreview: Called on the scan queue with each preview (at most 96 pixels wide: too coarse to read a code from).
    ///   - glare: Lowers the exposure when the code's region is saturated, and restores it; `nil`: off.
    ///   - onExposure: Called on the capture queue with each exposure the glare response set, and
    ///     what came of the write.
    public init(
        source: Source,
        maximumVersion: Int = 40,
        dedupHold: Duration = .seconds(2),
        onEvent: @escaping @Sendable (ScanEvent) -> Void,
        onError: @escaping @Sendable (CaptureError) -> Void = { _ in },
        previewInterval: Duration? = nil,
        onPreview: @escaping @Sendable (PreviewFrame) -> Void = { _ in },
        glare: GlareResponse? = nil,
        onExposure: @escaping @Sendable (Int32, ControlOutcome?) -> Void = { _, _ in }
    ) {
        self.glare = glare
        self.onExposure = onExposure
        self.previewInterval = previewInterval
        self.onPreview = onPreview
        self.source = source
        self.maximumVersion = QRVersion(rawValue: min(40, max(1, maximumVersion))) ?? .max
        dedup = DedupWindow(hold: dedupHold, clock: ContinuousClock())
        self.onEvent = onEvent
        self.onError = onError
    }

    /// Starts capturing and scanning.
    public func start() {
        running.withLock { $0 = true }
        captureQueue.async { self.captureStep() }
    }

    /// Stops after the frame in hand; every frame goes back to the source.
    public func stop() {
        running.withLock { $0 = false }
        scanQueue.sync {}
        captureQueue.sync {
            if let frame = mailbox.withLock({ slot -> LumaFrame? in
                defer { slot = nil }
                return slot
            }) {
                source.release(frame)
            }
        }
    }

    /// What the pipeline has done so far.
    public var statistics: PipelineStatistics { stats.withLock { $0 } }

    private func captureStep() {
        dispatchPrecondition(condition: .onQueue(captureQueue))
        guard running.withLock({ $0 }) else { return }
        do {
            if let frame = try source.nextFrame(timeout: .milliseconds(50)) {
                let stale = mailbox.withLock { slot -> LumaFrame? in
                    defer { slot = frame }
                    return slot
                }
                stats.withLock {
                    $0.captured += 1
                    if stale != nil { $0.dropped += 1 }
                }
                if let stale {
                    source.release(stale)
                } else {
                    scanQueue.async { self.scanStep() }
                }
            }
        } catch {
            onError(error)
            if case .endOfStream = error {
                running.withLock { $0 = false }
                return
            }
            var pause = timespec(tv_sec: 0, tv_nsec: 100_000_000)
            nanosleep(&pause, nil)
        }
        captureQueue.async { self.captureStep() }
    }

    private func scanStep() {
        dispatchPrecondition(condition: .onQueue(scanQueue))
        guard let frame = mailbox.withLock({ slot -> LumaFrame? in
            defer { slot = nil }
            return slot
        }) else { return }
        defer { captureQueue.async { self.source.release(frame) } }
        if scanner == nil || scanner?.width != frame.width || scanner?.height != frame.height {
            do {
                scanner = try QRScanner(width: frame.width, height: frame.height, maximumVersion: maximumVersion)
            } catch {
                scanner = nil
                unscannable(error)
                return
            }
        }
        guard let scanner else { return }
        let cpuBefore = Self.threadCPUTime()
        let symbols: [ScannedSymbol]
        do {
            symbols = try scanner.scan(frame.pixels, stride: frame.stride)
        } catch {
            unscannable(error)
            return
        }
        let cpu = Self.threadCPUTime() - cpuBefore
        let now = MonotonicClock.now()
        let instant = ContinuousClock.now
        var events = 0
        for symbol in symbols where dedup.observe(symbol.payload, at: instant) == .report {
            onEvent(ScanEvent(symbol, frame: frame, now: now))
            events += 1
        }
        if glare != nil { respondToGlare(frame, symbols: symbols) }
        if let previewInterval, nextPreview.map({ instant >= $0 }) ?? true {
            nextPreview = instant.advanced(by: previewInterval)
            let outlines = symbols.map { symbol in symbol.corners.map { [Double($0.x), Double($0.y)] } }
            onPreview(PreviewFrame(frame, maximumWidth: 96, outlines: outlines))
        }
        stats.withLock {
            $0.scanned += 1
            $0.decoded += symbols.count
            $0.events += events
            $0.scanCPUTime += cpu
            $0.record(latency: now - frame.timestamp)
        }
    }

    /// Counts a frame the scanner refused, and reports the first and every 1,000th (a source
    /// sending malformed frames would otherwise fill the log at its frame rate).
    private func unscannable(_ error: QRScanError) {
        let count = stats.withLock { stats -> Int in
            stats.unscannable += 1
            return stats.unscannable
        }
        if count == 1 || count % 1_000 == 0 { onError(.frameUnscannable(reason: error.message, count: count)) }
    }

    /// Measures the saturation where the code is and lets the glare response set the exposure.
    private func respondToGlare(_ frame: LumaFrame, symbols: [ScannedSymbol]) {
        dispatchPrecondition(condition: .onQueue(scanQueue))
        let points = symbols.lazy.flatMap { $0.corners.lazy.map { (x: Float($0.x), y: Float($0.y)) } }
        if let region = SaturationMeter.Region.around(points, width: frame.width, height: frame.height) {
            codeRegion = (region, frame.timestamp)
        } else if let last = codeRegion, frame.timestamp - last.at > .seconds(3) {
            codeRegion = nil
        }
        let region = codeRegion?.region ?? .centre(width: frame.width, height: frame.height)
        let share = SaturationMeter.share(of: frame.pixels, stride: frame.stride, in: region)
        guard let value = glare?.observe(saturatedShare: share, at: frame.timestamp) else { return }
        captureQueue.async {
            let outcome = self.source.adjustExposure(to: value)
            self.onExposure(value, outcome)
        }
    }

    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
