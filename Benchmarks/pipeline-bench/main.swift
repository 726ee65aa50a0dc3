// pipeline-bench: the scanning pipeline on the synthetic camera, in real time, in a release build.
//
//   swift build -c release --product pipeline-bench && .build/release/pipeline-bench [--seconds S]
//
// For 640x480 and 1280x720 at 30 fps it runs the synthetic camera (cards with voucher codes
// sliding under it) through ScanPipeline for S seconds (default 20) and prints frames captured,
// scanned and dropped, events, scan CPU time per frame (the scan thread's own CPU clock), the
// whole process's CPU per frame (rendering the synthetic frames included), p50/p99 latency from
// a frame's capture to its scan result, and the peak RSS. "Kept up" means no frame was dropped
// and scanning used less than one core. Then the CPU cost of one 1280x720 MJPEG camera frame:
// kioskd's luma-only decode (libjpeg-turbo) beside libv4l2's conversion to YU12 (libv4lconvert),
// on the same frames in the same run (MJPEGCost.swift).
import CaptureV4L2
import Foundation
import Synchronization

var seconds = 20
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let word = arguments.next() {
    if word == "--seconds", let text = arguments.next(), let value = Int(text), value > 0 {
        seconds = value
    } else {
        print("usage: pipeline-bench [--seconds S]")
        exit(word == "--help" ? 0 : 2)
    }
}

func processCPU() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func milliseconds(_ duration: Duration?) -> Double {
    guard let duration else { return .nan }
    return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

let payloads = (1...6).map { String(format: "KQ1P:KMTPREMIUM:%08d:AL24HZ4KS6JBCULM", $0) }
print("pipeline-bench: synthetic camera, 30 fps, \(seconds) s per size, \(payloads.count) voucher cards in turn")
print("size       captured scanned dropped events  scan-cpu/frame  process-cpu/frame  p50 ms   p99 ms   kept up")
for (width, height) in [(640, 480), (1280, 720)] {
    let camera: SyntheticCamera
    do {
        camera = try SyntheticCamera(size: FrameSize(width: width, height: height), framesPerSecond: 30, payloads: payloads)
    } catch {
        print("pipeline-bench: \(error.message)")
        exit(1)
    }
    let events = Atomic<Int>(0)
    let pipeline = ScanPipeline(source: camera) { _ in events.add(1, ordering: .relaxed) }
    let cpuBefore = processCPU()
    pipeline.start()
    sleep(UInt32(seconds))
    pipeline.stop()
    let cpu = processCPU() - cpuBefore
    let stats = pipeline.statistics
    let scanPerFrame = milliseconds(stats.scanCPUTime) / Double(max(1, stats.scanned))
    let processPerFrame = cpu * 1000 / Double(max(1, stats.captured))
    let keptUp = stats.dropped == 0 && scanPerFrame < 1000.0 / 30
    print(
        String(
            format: "%-10@ %8d %7d %7d %6d  %11.2f ms  %14.2f ms  %6.2f  %7.2f   %@",
            "\(width)x\(height)" as NSString, stats.captured, stats.scanned, stats.dropped, events.load(ordering: .relaxed),
            scanPerFrame, processPerFrame, milliseconds(stats.latency(percentile: 0.5)),
            milliseconds(stats.latency(percentile: 0.99)), (keptUp ? "yes" : "no") as NSString))
}
print(String(format: "peak RSS: %.1f MB", peakRSSMegabytes()))

let hd = FrameSize(width: 1280, height: 720)
do {
    let cost = try MJPEGCost.measure(size: hd, count: 60, rounds: 5)
    print(
        String(
            format: "MJPEG %@ (%d frames, %d bytes each on average, 5 rounds), CPU per frame: "
                + "luma decode (libjpeg-turbo) %.2f ms; libv4l2 conversion to YU12 (libv4lconvert) %.2f ms; ratio %.2f",
            "\(hd)" as NSString, cost.frames, cost.meanJPEGBytes, cost.lumaMilliseconds, cost.v4lconvertMilliseconds,
            cost.v4lconvertMilliseconds / cost.lumaMilliseconds))
} catch {
    print("pipeline-bench: MJPEG cost: \(error)")
    exit(1)
}
