import CaptureV4L2
import Foundation
import Kiosk
import Synchronization

/// Runs the configured frame source through the scanning pipeline and hands each new code to the
/// desk: to the session open at this terminal, if there is one.
final class CameraService: Sendable {
    /// A running pipeline, whatever its source.
    private protocol Running: Sendable {
        func start()
        func stop()
        var statistics: PipelineStatistics { get }
    }

    private struct Pipeline<Source: FrameSource & SendableMetatype>: Running {
        let pipeline: ScanPipeline<Source>
        func start() { pipeline.start() }
        func stop() { pipeline.stop() }
        var statistics: PipelineStatistics { pipeline.statistics }
    }

    let settings: CameraSettings
    private let running: (any Running)?
    private let state = LatestCameraState()

    /// - Parameters:
    ///   - onState: Called with the new state whenever the camera's state changes (for events).
    ///   - onPreview: Called four times a second with a small picture of the frame (the customer display).
    init(
        settings: CameraSettings,
        logger: Logger,
        onState: @escaping @Sendable (CameraState) -> Void = { _ in },
        onPreview: (@Sendable (PreviewFrame) -> Void)? = nil,
        onEvent: @escaping @Sendable (ScanEvent) -> Void
    ) throws {
        // The customer display's picture of the counter: four a second, made on the scan queue.
        let previewInterval: Duration? = onPreview == nil ? nil : .milliseconds(250)
        let preview = onPreview ?? { _ in }
        self.settings = settings
        let state = self.state
        let onError: @Sendable (CaptureError) -> Void = { error in
            state.value.withLock { $0 = .failed(code: error.code) }
            logger.warning("camera: \(error.message)")
            onState(.failed(code: error.code))
        }
        let hold = settings.dedupHold
        let version = settings.maximumVersion
        switch settings.source {
        case .none:
            running = nil
        case .synthetic(let file):
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let payloads = CameraSettings.payloads(inCodesFile: text)
            let camera = try SyntheticCamera(
                size: settings.size, framesPerSecond: Double(settings.framesPerSecond), payloads: payloads)
            running = Pipeline(
                pipeline: ScanPipeline(source: camera, maximumVersion: version, dedupHold: hold, onEvent: onEvent, onError: onError,
                    previewInterval: previewInterval, onPreview: preview))
        case .replay(let path):
            let replay = try ReplaySource(path: path, pacing: .native, loop: true)
            running = Pipeline(
                pipeline: ScanPipeline(source: replay, maximumVersion: version, dedupHold: hold, onEvent: onEvent, onError: onError,
                    previewInterval: previewInterval, onPreview: preview))
        case .device(let path):
            let configuration = CameraConfiguration(
                device: path, size: settings.size, frameRate: settings.framesPerSecond, pixelFormat: settings.pixelFormat,
                controls: settings.controls)
            let camera = V4L2Camera(configuration: configuration) { status in
                state.value.withLock { $0 = CameraState(status) }
                logger.notice("camera \(path): \(status.description)")
                onState(CameraState(status))
            }
            running = Pipeline(
                pipeline: ScanPipeline(source: camera, maximumVersion: version, dedupHold: hold, onEvent: onEvent, onError: onError,
                    previewInterval: previewInterval, onPreview: preview, glare: settings.glare.map(GlareResponse.init),
                    onExposure: { value, outcome in
                        logger.notice("camera \(path): glare response set the exposure to \(value): \(outcome?.description ?? "the camera is not open")")
                    }))
        }
    }

    func start() {
        guard let running else { return }
        state.value.withLock { $0 = .scanning }
        running.start()
    }

    func stop() {
        running?.stop()
        state.value.withLock { $0 = .stopped }
    }

    /// The camera part of the `status` report.
    var view: CameraView {
        let stats = running?.statistics ?? PipelineStatistics()
        func milliseconds(_ duration: Duration?) -> Double? {
            duration.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }
        }
        return CameraView(
            source: settings.description,
            state: running == nil ? .noCamera : state.value.withLock { $0 },
            framesCaptured: stats.captured,
            framesDropped: stats.dropped,
            framesScanned: stats.scanned,
            symbolsDecoded: stats.decoded,
            scanEvents: stats.events,
            latencyP50Milliseconds: milliseconds(stats.latency(percentile: 0.5)),
            latencyP99Milliseconds: milliseconds(stats.latency(percentile: 0.99)))
    }
}

/// The camera's last reported state, shared with the capture thread's callbacks.
final class LatestCameraState: Sendable {
    let value = Mutex(CameraState.stopped)
}
