// The vivid integration test: runs inside the v4l2-vm guest (scripts/vivid-test.sh) against the
// kernel's vivid driver, through the same CaptureV4L2 code the daemon uses.
//   (1) enumerate, and capture from the HDMI capture node (ENUM_FRAMESIZES gives EINVAL there)
//   (2) loop: a frame written to the output node comes back byte for byte, and QR frames made
//       by our encoder come back decoded through the scanning pipeline
//   (3) inject vivid's "Disconnect": the supervisor reports it and reconnects by itself
//   (4) capture from the webcam node at each of its discrete sizes
import CV4L2Shim
import CaptureV4L2
import Decoder
import Glibc
import Synchronization

func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }

guard let capturePath = env("V4L2_CAPTURE"), let outputPath = env("V4L2_OUTPUT"), let webcamPath = env("V4L2_WEBCAM")
else {
    print("vivid-capture-test: run me inside v4l2-vm (V4L2_CAPTURE, V4L2_OUTPUT, V4L2_WEBCAM unset)")
    exit(2)
}

var failures = 0
@MainActor func check(_ name: String, _ body: () throws -> String) {
    let started = ContinuousClock.now
    do {
        let detail = try body()
        print("[PASS] \(name) (\(ContinuousClock.now - started)): \(detail)")
    } catch {
        failures += 1
        print("[FAIL] \(name) (\(ContinuousClock.now - started)): \(error)")
    }
}

/// Captures `count` frames and checks their geometry; returns the last frame's distinct luma values.
func capture(
    _ camera: V4L2Camera,
    count: Int,
    size: FrameSize,
    timeout: Duration = .seconds(5)
) throws -> (Int, [UInt32]) {
    var distinct = 0
    var sequences: [UInt32] = []
    var timestamps: [Duration] = []
    for _ in 0..<count {
        guard let frame = try camera.nextFrame(timeout: timeout) else {
            throw TestFailure("no frame within \(timeout)")
        }
        defer { camera.release(frame) }
        guard frame.width == size.width, frame.height == size.height else {
            throw TestFailure("frame is \(frame.width)x\(frame.height), wanted \(size)")
        }
        var seen = Set<UInt8>()
        for y in stride(from: 0, to: frame.height, by: 7) {
            for x in stride(from: 0, to: frame.width, by: 5) { seen.insert(frame[x, y]) }
        }
        distinct = seen.count
        sequences.append(frame.sequence)
        // Driver timestamps are on CLOCK_MONOTONIC, so frame-to-event latency can be measured. vivid's
        // webcam stamps the end of the frame period, which may lie up to one frame in the future;
        // under TCG a debug build takes seconds per 4K frame, hence the loose upper bound.
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let age = Duration.seconds(now.tv_sec) + .nanoseconds(now.tv_nsec) - frame.timestamp
        guard age > .milliseconds(-600), age < .seconds(30) else { throw TestFailure("frame timestamp is \(age) old") }
        if let previous = timestamps.last, frame.timestamp <= previous {
            throw TestFailure("timestamps do not increase: \(previous) then \(frame.timestamp)")
        }
        timestamps.append(frame.timestamp)
    }
    return (distinct, sequences)
}

let vga = FrameSize(width: 640, height: 480)

// (1) Enumerate and capture.
var webcamSizes: [FrameSize] = []
var webcamFormat = FourCC.grey
check("1a enumerate capture devices") {
    let inventory = CaptureDeviceInfo.enumerate()
    for device in inventory.devices {
        let native = device.formats.filter { !$0.emulated }
        let luma = native.filter { FormatPlan.lumaFormats.contains($0.fourcc) }.map { "\($0)" }.joined(separator: "; ")
        print(
            "      \(device.path) [\(device.driver)] \(device.card): \(native.count) native formats, luma ones: \(luma)"
        )
    }
    for failure in inventory.failures { print("      failed: \(failure.message)") }
    let nodes = inventory.devices.map(\.node)
    guard nodes.contains(capturePath), nodes.contains(webcamPath) else {
        throw TestFailure("capture \(capturePath) or webcam \(webcamPath) missing from \(nodes)")
    }
    guard !nodes.contains(outputPath) else { throw TestFailure("output node \(outputPath) listed as a capture device") }
    guard let webcam = inventory.devices.first(where: { $0.node == webcamPath }),
        let offer = webcam.formats.first(where: { !$0.emulated && FormatPlan.lumaFormats.contains($0.fourcc) }),
        case .discrete(let sizes) = offer.sizes
    else { throw TestFailure("the webcam lists no discrete sizes in a luma format") }
    webcamSizes = sizes
    webcamFormat = offer.fourcc
    return "\(inventory.devices.count) capture devices; output node skipped; webcam \(offer.fourcc) sizes \(sizes)"
}

for pixelFormat in [nil, FourCC.yuyv] {
    check("1b capture from \(capturePath) (\(pixelFormat.map { "\($0), luma extracted once" } ?? "preferred format"))")
    {
        var statuses: [CameraStatus] = []
        let camera = V4L2Camera(
            configuration: CameraConfiguration(device: capturePath, size: vga, pixelFormat: pixelFormat),
            onStatus: { statuses.append($0) }
        )
        let (distinct, sequences) = try capture(camera, count: 10, size: vga)
        guard let format = camera.format else { throw TestFailure("no format after capturing") }
        guard distinct > 4 else { throw TestFailure("test pattern looks flat: \(distinct) distinct luma values") }
        let stats = camera.statistics
        return
            "\(format); statuses \(statuses); 10 frames, sequences \(sequences.first ?? 0)...\(sequences.last ?? 0), "
            + "\(distinct) distinct luma values; dropped \(stats.dropped), corrupt \(stats.corrupt)"
    }
}

// (2) Loop video: a frame written to the output comes back through our V4L2 source unchanged.
check("2 loop: a frame written to \(outputPath) comes back from \(capturePath)") {
    let capture = try VividNode(capturePath)
    try capture.setControl(named: "Loop Video", to: 1)
    try capture.setControl(named: "OSD Text Mode", to: 2)
    defer { _ = try? capture.setControl(named: "Loop Video", to: 0) }
    var pattern = [UInt8](repeating: 0, count: vga.width * vga.height)
    var seed: UInt32 = 12345
    for i in pattern.indices {
        seed = seed &* 1_103_515_245 &+ 12345
        pattern[i] = UInt8(truncatingIfNeeded: seed >> 16)
    }
    let output = try VividLoopOutput(path: outputPath, size: vga)
    try output.show(pattern)
    let camera = V4L2Camera(configuration: CameraConfiguration(device: capturePath, size: vga, pixelFormat: .grey))
    var identical = 0
    for _ in 0..<10 {
        guard let frame = try camera.nextFrame(timeout: .seconds(5)) else { throw TestFailure("no frame") }
        defer { camera.release(frame) }
        var same = true
        for y in 0..<vga.height where same {
            for x in 0..<vga.width where frame[x, y] != pattern[y * vga.width + x] {
                same = false
                break
            }
        }
        if same { identical += 1 }
    }
    guard identical >= 5 else { throw TestFailure("only \(identical) of 10 frames equal the output frame") }
    return
        "\(identical) of 10 captured GREY frames byte-identical to the frame on the output"
}

// (2b) QR frames made by our encoder, shown on the output, come back decoded by the pipeline.
check("2b loop: encoder-made QR frames come back decoded through the scanning pipeline") {
    let capture = try VividNode(capturePath)
    try capture.setControl(named: "Loop Video", to: 1)
    try capture.setControl(named: "OSD Text Mode", to: 2)
    defer { _ = try? capture.setControl(named: "Loop Video", to: 0) }
    var results: [String] = []
    for (index, payload) in ["KQ1P:KMTPREMIUM:00000001:AL24HZ4KS6JBCULM", "いい街こまつ 1000円券", "VIVID LOOP 3"].enumerated() {
        let code = try QREncoder(level: .medium).encode(payload)
        let symbol = try code.matrix.luma(moduleSize: 6, quietZone: 4)
        var frame = [UInt8](repeating: 200, count: vga.width * vga.height)
        let left = (vga.width - symbol.width) / 2 + (index - 1) * 60
        let top = (vga.height - symbol.height) / 2
        for y in 0..<symbol.height {
            for x in 0..<symbol.width {
                let value = symbol[x, y]
                // The third code is shown inverted, as a phone in dark mode would.
                frame[(top + y) * vga.width + left + x] = index == 2 ? 255 - value : value
            }
        }
        let output = try VividLoopOutput(path: outputPath, size: vga)
        try output.show(frame)
        let events = Mutex<[ScanEvent]>([])
        let camera = V4L2Camera(configuration: CameraConfiguration(device: capturePath, size: vga, pixelFormat: .grey))
        let pipeline = ScanPipeline(source: camera) { event in events.withLock { $0.append(event) } }
        pipeline.start()
        let started = ContinuousClock.now
        while events.withLock({ $0.isEmpty }) && ContinuousClock.now - started < .seconds(20) {
            usleep(20_000)
        }
        pipeline.stop()
        let seen = events.withLock { $0 }
        guard let first = seen.first else { throw TestFailure("'\(payload)' was not decoded within 20 s") }
        // Slow guests may scan less than once per dedup hold, so the same code can be reported
        // again; what matters is that nothing else is ever reported.
        guard seen.allSatisfy({ $0.text == payload }) else {
            throw TestFailure("expected only '\(payload)', got \(seen.map { $0.text ?? "?" })")
        }
        results.append("'\(payload)' (\(first.symbol)\(first.inverted ? ", inverted" : ""), \(pipeline.statistics.scanned) frames)")
    }
    return "decoded " + results.joined(separator: ", ")
}

// (3) Disconnect: the supervisor reports the loss and reconnects by itself.
check("3 disconnect and reconnect on \(capturePath)") {
    var statuses: [CameraStatus] = []
    let camera = V4L2Camera(
        configuration: CameraConfiguration(
            device: capturePath,
            size: vga,
            controls: CameraControls(gain: 77),
            backoff: BackoffPolicy(initial: .milliseconds(200), maximum: .seconds(2))
        ),
        onStatus: { status in
            statuses.append(status)
            print("      status: \(status)")
        }
    )
    _ = try capture(camera, count: 3, size: vga)
    let firstControls = camera.controlOutcomes
    do {
        let injector = try VividNode(capturePath)
        try injector.setControl(named: "Disconnect", to: 1)
    }  // the injector's fd closes here; our camera's fd and buffers keep the device "unplugged"
    let disconnectedAt = ContinuousClock.now
    var framesAfter = 0
    while framesAfter < 5 {
        guard ContinuousClock.now - disconnectedAt < .seconds(30) else {
            throw TestFailure("no recovery within 30 s; statuses \(statuses)")
        }
        if let frame = try camera.nextFrame(timeout: .milliseconds(500)) {
            camera.release(frame)
            if statuses.contains(.lost(.deviceRemoved(device: capturePath))) { framesAfter += 1 }
        }
    }
    guard statuses.contains(.lost(.deviceRemoved(device: capturePath))) else {
        throw TestFailure("loss not reported: \(statuses)")
    }
    func isStreaming(_ status: CameraStatus) -> Bool { if case .streaming = status { true } else { false } }
    guard let last = statuses.last, isStreaming(last), statuses.filter(isStreaming).count == 2 else {
        throw TestFailure("not streaming again: \(statuses)")
    }
    guard camera.statistics.reconnects == 1 else { throw TestFailure("reconnects \(camera.statistics.reconnects)") }
    let gain = try VividNode(capturePath).control(CameraControl.gain.rawValue)
    guard gain == 77 else { throw TestFailure("gain after reconnect is \(gain), configured 77") }
    return "recovered in \(ContinuousClock.now - disconnectedAt); controls first \(firstControls.map { "\($0)" }), "
        + "after reconnect \(camera.controlOutcomes.map { "\($0)" }); gain read back \(gain); "
        + "statistics \(camera.statistics)"
}

// (3b) Corrupt frames from the real driver: vivid's "Inject V4L2_BUF_FLAG_ERROR" marks the next buffer.
check("3b injected V4L2_BUF_FLAG_ERROR frames are counted and dropped") {
    let camera = V4L2Camera(configuration: CameraConfiguration(device: capturePath, size: vga))
    _ = try capture(camera, count: 2, size: vga)
    let injector = try VividNode(capturePath)
    let inject = try injector.controlID(named: "Inject V4L2_BUF_FLAG_ERROR")
    for _ in 0..<3 {
        var control = v4l2_control(id: inject, value: 1)
        try injector.ioctl("VIDIOC_S_CTRL inject error", CV4L2Shim_VIDIOC_S_CTRL, &control)
        _ = try capture(camera, count: 2, size: vga)
    }
    let stats = camera.statistics
    guard stats.corrupt >= 1 else { throw TestFailure("no corrupt frame counted: \(stats)") }
    return "statistics \(stats)"
}

// (4) The webcam node at each discrete size, asking for 15 fps.
for size in webcamSizes {
    check("4 webcam \(webcamPath) at \(size)") {
        let camera = V4L2Camera(
            configuration: CameraConfiguration(
                device: webcamPath,
                size: size,
                frameRate: 15,
                pixelFormat: webcamFormat,
                stallTimeout: .seconds(10)
            )
        )
        let (distinct, _) = try capture(camera, count: 3, size: size, timeout: .seconds(30))
        guard let format = camera.format, format.framesPerSecond != nil else {
            throw TestFailure("no frame rate reported")
        }
        return "\(format); 3 frames, \(distinct) distinct luma values"
    }
}

print(failures == 0 ? "vivid-capture-test: all checks passed" : "vivid-capture-test: \(failures) check(s) FAILED")
exit(failures == 0 ? 0 : 1)
