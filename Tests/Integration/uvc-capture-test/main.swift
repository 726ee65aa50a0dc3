// The UVC integration test: runs inside the v4l2-vm guest (scripts/uvc-test.sh) against the
// kernel's own USB webcam driver, uvcvideo, through the same CaptureV4L2 code the daemon uses.
// The camera is uvc-gadget-feeder, a UVC device made of software on the dummy_hcd USB
// controller through gadgetfs (see its header for why not usb_f_uvc), offering YUYV 640x480 at
// 30 fps, YUYV 1280x720 at 10 fps and MJPEG 1280x720 at 30 fps, streaming voucher codes.
//   (1) `kioskctl cameras` lists it with its formats and rates, and the plan for 1280x720 at 30
//   (2) the capture picks MJPEG 1280x720 at 30 fps, and the scanning pipeline reads every code;
//       the frames per second delivered through the pipeline are reported
//   (3) the gadget is unplugged (gadgetfs closed: the driver is unbound from dummy_udc.0) and
//       plugged in again: the supervisor reports the loss, reconnects by itself and reads again
//   (4) a stream of corrupt JPEG frames is counted as corrupt and survived; codes read again after
//
//   uvc-capture-test FEEDER KIOSKCTL
//
// Exit status 0 when every check passes, 1 when one fails, 77 when the guest cannot run the
// gadget (a module or gadgetfs missing): the script then prints SKIPPED with the reason.
import CaptureV4L2
import Decoder
import Foundation
import Glibc
import Synchronization

/// Prints a line and flushes it at once, so results show through v4l2-vm's pipe as they happen.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    say("usage: uvc-capture-test FEEDER KIOSKCTL (run inside v4l2-vm by scripts/uvc-test.sh)")
    exit(2)
}
say("uvc-capture-test: started")
let feederPath = arguments[1]
let kioskctlPath = arguments[2]
let hd = FrameSize(width: 1280, height: 720)
let payloads = (1...6).map { String(format: "KQ1P:KMTPREMIUM:%08d:UVC7GADGET%06d", $0, $0 * 7919) }

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

var failures = 0
@MainActor func check(_ name: String, _ body: () throws -> String) {
    let started = ContinuousClock.now
    do {
        let detail = try body()
        say("[PASS] \(name) (\(ContinuousClock.now - started)): \(detail)")
    } catch {
        failures += 1
        say("[FAIL] \(name) (\(ContinuousClock.now - started)): \(error)")
    }
}

func skip(_ reason: String) -> Never {
    say("SKIPPED: \(reason)")
    exit(77)
}

/// Runs a program to completion; its output and status.
func run(_ path: String, _ words: [String]) throws -> (output: String, status: Int32) {
    try Child.run(path, words)
}

// ---- The guest's USB stack ---------------------------------------------------------------------

say("      loading dummy_hcd, gadgetfs and uvcvideo; mounting gadgetfs")
for module in ["dummy_hcd", "gadgetfs", "uvcvideo"] {
    guard let result = try? run("/sbin/modprobe", [module]), result.status == 0 else {
        skip("kernel module \(module) cannot be loaded in the guest (modprobe \(module) failed)")
    }
}
let gadgetfs = "/dev/gadget"
mkdir(gadgetfs, 0o755)
if access(gadgetfs + "/dummy_udc", F_OK) != 0 {
    guard let result = try? run("/bin/mount", ["-t", "gadgetfs", "gadgetfs", gadgetfs]), result.status == 0 else {
        skip("gadgetfs cannot be mounted on \(gadgetfs)")
    }
}
guard access(gadgetfs + "/dummy_udc", F_OK) == 0 else {
    skip("gadgetfs shows no dummy_udc controller (dummy_hcd loaded but not bound?)")
}

// ---- Frames --------------------------------------------------------------------------------------

/// A grey counter with a voucher code on it, `size`, luma only.
func voucherFrame(_ payload: String, size: FrameSize, moduleSize: Int, at origin: (Int, Int)) throws -> [UInt8] {
    let code = try QREncoder().encode(payload).matrix.luma(moduleSize: moduleSize, quietZone: 4)
    var frame = [UInt8](repeating: 0, count: size.width * size.height)
    for y in 0..<size.height {
        for x in 0..<size.width { frame[y * size.width + x] = UInt8(150 + (x + 2 * y) % 60) }  // a soft ramp
    }
    for y in 0..<code.height {
        for x in 0..<code.width { frame[(origin.1 + y) * size.width + origin.0 + x] = code[x, y] }
    }
    return frame
}

/// YUYV from luma with neutral chroma.
func yuyv(_ luma: [UInt8]) -> [UInt8] {
    var bytes = [UInt8](repeating: 128, count: luma.count * 2)
    for index in luma.indices { bytes[2 * index] = luma[index] }
    return bytes
}

say("      rendering the frames")
let frameDirectory = "/tmp/uvc-frames"
mkdir(frameDirectory, 0o755)
func write(_ bytes: [UInt8], _ name: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: frameDirectory + "/" + name))
}
var jpegSizes: [Int] = []
do {
    let encoder = JPEGEncoder()
    for (index, payload) in payloads.enumerated() {
        let luma = try voucherFrame(payload, size: hd, moduleSize: 7, at: (120 + 150 * index, 80 + 60 * (index % 3)))
        let jpeg = try encoder.encode(luma: luma, width: hd.width, height: hd.height, quality: 85)
        jpegSizes.append(jpeg.count)
        try write(jpeg, "mjpeg-1280x720.\(index)")
        if index == 0 {
            try write(yuyv(luma), "yuyv-1280x720.0")
            try write(
                yuyv(try voucherFrame(payload, size: FrameSize(width: 640, height: 480), moduleSize: 5, at: (100, 60))),
                "yuyv-640x480.0")
            // The corrupt stream: truncated frames and garbage, as a failing webcam sends.
            try write(Array(jpeg.prefix(jpeg.count / 2)), "corrupt-1280x720.0")
            try write(Array(jpeg.prefix(jpeg.count - 300)), "corrupt-1280x720.1")
            var seed: UInt32 = 7
            try write((0..<6000).map { _ in seed = seed &* 1_103_515_245 &+ 12345; return UInt8(truncatingIfNeeded: seed >> 16) },
                "corrupt-1280x720.2")
            var headless = jpeg
            headless.replaceSubrange(0..<2, with: [0x00, 0x00])  // no SOI marker
            try write(headless, "corrupt-1280x720.3")
        }
    }
} catch {
    say("[FAIL] rendering the frames: \(error)")
    exit(1)
}

// ---- The camera ----------------------------------------------------------------------------------

/// The running feeder process (the plugged-in camera); its output goes to /tmp/uvc-feeder.log.
final class Feeder {
    let child: Child
    init() throws {
        let log = open("/tmp/uvc-feeder.log", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        defer { close(log) }
        child = try Child(feederPath, [frameDirectory, gadgetfs], outputFD: log)
    }
    func signal(_ number: Int32) { kill(child.pid, number) }
    /// Unplugs the camera: the feeder closes gadgetfs, which unbinds it from dummy_udc.0.
    func unplug() {
        signal(SIGTERM)
        child.wait()
    }
}

/// The uvcvideo capture node once the camera has enumerated, waiting up to `limit`.
///
/// Watches sysfs for the camera's name (cheap) before querying nodes: enumerating every node
/// also walks vivid's 83 formats, which under TCG would starve the feeder's replies.
func waitForCamera(limit: Duration = .seconds(60)) throws -> CaptureDeviceInfo {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/video4linux")) ?? []
        let named = names.filter {
            ((try? String(contentsOfFile: "/sys/class/video4linux/\($0)/name", encoding: .utf8)) ?? "").hasPrefix("Counter Webcam")
        }
        if !named.isEmpty,
            let camera = CaptureDeviceInfo.enumerate(trying: hd).devices.first(where: { $0.driver == "uvcvideo" })
        {
            return camera
        }
        usleep(250_000)
    }
    let kernel = (try? run("/bin/dmesg", [])).map { $0.output.split(separator: "\n").suffix(25).joined(separator: "\n") } ?? ""
    throw TestFailure("no uvcvideo capture node appeared within \(limit); feeder log:\n\(feederLog())\nkernel:\n\(kernel)")
}

func feederLog() -> String {
    (try? String(contentsOfFile: "/tmp/uvc-feeder.log", encoding: .utf8)).map { String($0.suffix(2000)) } ?? "(none)"
}

say("      plugging in the camera (uvc-gadget-feeder)")
var feeder: Feeder
do {
    feeder = try Feeder()
} catch {
    say("[FAIL] starting \(feederPath): \(error)")
    exit(1)
}
let camera: CaptureDeviceInfo
do {
    camera = try waitForCamera()
} catch {
    say("[FAIL] enumeration: \(error)")
    feeder.unplug()
    exit(1)
}
say("      camera \(camera.node): \(camera.card), driver \(camera.driver), \(camera.busInfo); JPEG frames of \(jpegSizes) bytes")

// (1) kioskctl cameras.
check("1 kioskctl cameras lists the UVC camera with its formats and rates") {
    let (output, status) = try run(kioskctlPath, ["cameras", "--size", "1280x720", "--fps", "30"])
    guard status == 0 else { throw TestFailure("kioskctl cameras exited \(status): \(output)") }
    let lines = output.split(separator: "\n").map(String.init)
    guard let start = lines.firstIndex(where: { $0.hasPrefix(camera.node) }) else {
        throw TestFailure("\(camera.node) not listed:\n\(output)")
    }
    let block = lines[start...].prefix { $0 == lines[start] || $0.hasPrefix("  ") }
    let wanted = [
        "  YUYV 640x480 (30 fps), 1280x720 (10 fps)",
        "  MJPG 1280x720 (30 fps)",
        "  for 1280x720 at 30 fps: MJPG 1280x720 at 30 fps: YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG",
    ]
    for line in wanted where !block.contains(line) {
        throw TestFailure("missing '\(line)' in:\n\(block.joined(separator: "\n"))")
    }
    return "\n" + block.joined(separator: "\n")
}

/// Reads frames from `source` on this thread until every payload was seen or `limit` passed.
func readCodes(_ source: V4L2Camera, limit: Duration) throws -> Set<String> {
    let scanner = try QRScanner(width: hd.width, height: hd.height)
    var seen: Set<String> = []
    let deadline = ContinuousClock.now + limit
    while seen.count < payloads.count && ContinuousClock.now < deadline {
        guard let frame = try source.nextFrame(timeout: .milliseconds(500)) else { continue }
        defer { source.release(frame) }
        for symbol in try scanner.scan(frame.pixels, stride: frame.stride) { seen.insert(symbol.symbol.text ?? "") }
    }
    return seen
}

// (2) Format choice, codes read through the scanning pipeline, frames per second.
check("2 the capture picks MJPEG 1280x720 at 30 fps and the pipeline reads every code") {
    let statuses = Mutex<[String]>([])
    // @Sendable: the pipeline calls it on its capture queue, not on this (main) thread.
    let source = V4L2Camera(configuration: CameraConfiguration(device: camera.node, size: hd, frameRate: 30)) {
        @Sendable status in statuses.withLock { $0.append(status.description) }
    }
    let seen = Mutex<Set<String>>([])
    let pipeline = ScanPipeline(source: source) { event in seen.withLock { _ = $0.insert(event.text ?? "") } }
    let started = ContinuousClock.now
    pipeline.start()
    // Runs until every code was reported and 10 s of frames were measured (at most 90 s).
    var measuredFrom: (ContinuousClock.Instant, Int)?
    var measured: (Duration, Int) = (.zero, 0)
    while ContinuousClock.now - started < .seconds(90) {
        usleep(250_000)
        let captured = pipeline.statistics.captured
        if measuredFrom == nil, captured > 0 { measuredFrom = (ContinuousClock.now, captured) }
        if let (since, first) = measuredFrom {
            measured = (ContinuousClock.now - since, captured - first)
            if measured.0 >= .seconds(10), seen.withLock({ $0.count }) == payloads.count { break }
        }
    }
    pipeline.stop()
    let stats = pipeline.statistics
    let format = source.format
    let codes = seen.withLock { $0 }
    guard let format, format.fourcc == .mjpeg, format.size == hd, format.framesPerSecond == 30 else {
        throw TestFailure("negotiated \(format.map { "\($0)" } ?? "nothing"); statuses \(statuses.withLock { $0 })")
    }
    guard format.reason == "YUYV 1280x720 reaches 10 fps; MJPEG reaches 30: using MJPEG" else {
        throw TestFailure("reason '\(format.reason ?? "")'")
    }
    guard codes == Set(payloads) else { throw TestFailure("read \(codes.sorted()) of \(payloads)") }
    let seconds = Double(measured.0.components.seconds) + Double(measured.0.components.attoseconds) / 1e18
    let fps = Double(measured.1) / max(seconds, 0.001)
    let camera = source.statistics
    return "\(format); \(codes.count) of \(payloads.count) codes; pipeline delivered "
        + String(format: "%.1f", fps) + " fps over \(measured.0) (\(measured.1) frames captured; in all "
        + "\(stats.captured) captured, \(stats.scanned) scanned, \(stats.dropped) dropped by the mailbox); "
        + "camera \(camera)"
}

// (3) Unplug and plug in again.
check("3 unplug and plug in again: the loss is reported, the camera reconnects and codes are read again") {
    var statuses: [CameraStatus] = []
    var streamingAt: [ContinuousClock.Instant] = []
    let source = V4L2Camera(configuration: CameraConfiguration(device: camera.node, size: hd, frameRate: 30)) {
        statuses.append($0)
        if case .streaming = $0 { streamingAt.append(.now) }
    }
    defer { source.stop() }
    let before = try readCodes(source, limit: .seconds(60))
    guard before.count == payloads.count else { throw TestFailure("before the unplug read only \(before.sorted())") }
    feeder.unplug()
    let lostAt = ContinuousClock.now
    // Keep asking for frames: the supervisor notices the loss and starts retrying.
    while ContinuousClock.now - lostAt < .seconds(30) {
        _ = try source.nextFrame(timeout: .milliseconds(300)).map { source.release($0) }
        if statuses.contains(where: { if case .retrying = $0 { true } else { false } }) { break }
    }
    guard statuses.contains(.lost(.deviceRemoved(device: camera.node))) else {
        throw TestFailure("the unplug was not reported as camera_removed: \(statuses)")
    }
    feeder = try Feeder()
    // When the node is back (the guest's uvcvideo takes seconds to bind it under emulation),
    // against when the camera streams again: the supervisor looks at the path while it waits.
    let nodeBackAt = Mutex<ContinuousClock.Instant?>(nil)
    let watcher = Thread { [node = camera.node] in
        while ContinuousClock.now - lostAt < .seconds(90) {
            if access(node, F_OK) == 0 {
                nodeBackAt.withLock { $0 = .now }
                return
            }
            usleep(20_000)
        }
    }
    watcher.start()
    let after = try readCodes(source, limit: .seconds(90))
    guard after.count == payloads.count else {
        throw TestFailure("after plugging in again read \(after.sorted()); statuses \(statuses); feeder log:\n\(feederLog())")
    }
    let stats = source.statistics
    guard stats.reconnects >= 1 else { throw TestFailure("no reconnect counted: \(stats)") }
    let back = nodeBackAt.withLock { $0 }.map { "\($0 - lostAt)" } ?? "never seen"
    let streaming = streamingAt.last.map { "\($0 - lostAt)" } ?? "never"
    return "statuses \(statuses.map(\.description)); node back \(back) after the unplug, streaming again after "
        + "\(streaming); recovered in \(ContinuousClock.now - lostAt); \(stats)"
}

// (4) A stream of corrupt JPEG frames.
check("4 a stream of corrupt JPEG frames is counted as corrupt and survived") {
    var statuses: [CameraStatus] = []
    let source = V4L2Camera(configuration: CameraConfiguration(device: camera.node, size: hd, frameRate: 30)) {
        statuses.append($0)
    }
    defer { source.stop() }
    let before = try readCodes(source, limit: .seconds(60))
    guard before.count == payloads.count else { throw TestFailure("before the corrupt stream read only \(before.sorted())") }
    let good = source.statistics.frames
    feeder.signal(SIGUSR1)
    let corruptFrom = ContinuousClock.now
    var decodedDuringCorruption = 0
    let scanner = try QRScanner(width: hd.width, height: hd.height)
    while source.statistics.corrupt < 40 && ContinuousClock.now - corruptFrom < .seconds(60) {
        guard let frame = try source.nextFrame(timeout: .milliseconds(300)) else { continue }
        defer { source.release(frame) }
        decodedDuringCorruption += try scanner.scan(frame.pixels, stride: frame.stride).count
    }
    let duringCorruption = source.statistics
    feeder.signal(SIGUSR2)
    let after = try readCodes(source, limit: .seconds(60))
    guard duringCorruption.corrupt >= 40 else { throw TestFailure("only \(duringCorruption.corrupt) corrupt frames counted") }
    guard after.count == payloads.count else { throw TestFailure("after the corrupt stream read only \(after.sorted())") }
    return "\(duringCorruption.corrupt) corrupt frames counted (\(duringCorruption.frames - good) frames passed meanwhile, "
        + "in flight before the switch, \(decodedDuringCorruption) codes in them), \(duringCorruption.restarts) stream restarts, "
        + "\(duringCorruption.reconnects) reopenings; then all \(after.count) codes read again; "
        + "statuses \(statuses.map(\.description)); final \(source.statistics)"
}

feeder.unplug()
say(failures == 0 ? "uvc-capture-test: all checks passed" : "uvc-capture-test: \(failures) check(s) failed")
exit(failures == 0 ? 0 : 1)
