import Decoder
import Glibc
import Synchronization
import Testing

@testable import CaptureV4L2

@Suite struct SyntheticCameraTests {
    static let payloads = [
        "KQ1P:KMTPREMIUM:00000001:AL24HZ4KS6JBCULM",
        "KQ1P:KMTPREMIUM:00000002:UN3TSNZBLIEVY7YV",
        "KQ1P:KMTPREMIUM:00000003:MUBRJTAKIU4OZV5Q",
        "KQ1P:KMTPREMIUM:00000004:ZZ3TSNZBLIEVY7YV",
    ]

    @Test(arguments: [(640, 480), (1280, 720)])
    func everyCardAtRestIsReadAndEmptyCountersGiveNothing(width: Int, height: Int) throws {
        let camera = try SyntheticCamera(
            size: FrameSize(width: width, height: height), payloads: Self.payloads, pacing: .asFastAsPossible, seed: 7)
        let scanner = try QRScanner(width: width, height: height)
        var seenAtRest: [String: Int] = [:]
        var restFrames = 0
        for index in 0..<(camera.framesPerCard * Self.payloads.count) {
            let frame = try #require(try camera.nextFrame(timeout: .zero))
            defer { camera.release(frame) }
            let symbols = try scanner.scan(frame.pixels, stride: frame.stride)
            let phase = index % camera.framesPerCard
            for symbol in symbols {
                let text = try #require(symbol.symbol.text)
                #expect(Self.payloads.contains(text), "never a payload that is not on a card")
            }
            if phase >= camera.enterFrames && phase < camera.enterFrames + camera.restFrames {
                restFrames += 1
                for symbol in symbols { seenAtRest[symbol.symbol.text ?? "", default: 0] += 1 }
            }
            if camera.placement(frame: index) == nil { #expect(symbols.isEmpty) }
        }
        // Every card is read in most of its resting frames.
        for payload in Self.payloads {
            #expect((seenAtRest[payload] ?? 0) * 2 > camera.restFrames, "\(payload): \(seenAtRest[payload] ?? 0) of \(camera.restFrames)")
        }
        #expect(restFrames == camera.restFrames * Self.payloads.count)
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: CaptureError.self) { try SyntheticCamera(size: FrameSize(width: 10, height: 10), payloads: ["x"]) }
        #expect(throws: CaptureError.self) { try SyntheticCamera(size: FrameSize(width: 640, height: 480), payloads: []) }
        #expect(throws: CaptureError.self) {
            try SyntheticCamera(size: FrameSize(width: 640, height: 480), framesPerSecond: 0, payloads: ["x"])
        }
    }

    @Test func thePipelineReportsEachCardOnceAndReturnsEveryFrame() throws {
        let camera = try SyntheticCamera(
            size: FrameSize(width: 640, height: 480), payloads: Array(Self.payloads.prefix(2)), pacing: .asFastAsPossible, seed: 3)
        let events = Mutex<[ScanEvent]>([])
        let pipeline = ScanPipeline(source: camera, dedupHold: .seconds(30)) { event in
            events.withLock { $0.append(event) }
        }
        pipeline.start()
        // Wait (bounded: 2 minutes) until both cards were reported and two full passes went by.
        for _ in 0..<2400 where events.withLock({ $0.count }) < 2 || pipeline.statistics.captured < 2 * camera.framesPerCard * 2 {
            var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
            nanosleep(&pause, nil)
        }
        pipeline.stop()
        let seen = events.withLock { $0 }
        #expect(seen.map(\.text) == Self.payloads.prefix(2).map { Optional($0) })  // once each, in order
        let stats = pipeline.statistics
        #expect(stats.captured > 0 && stats.scanned > 0)
        #expect(stats.scanned + stats.dropped <= stats.captured)
        #expect(stats.scanned + stats.dropped >= stats.captured - 1)
        for event in seen {
            #expect(event.latency >= .zero)
            #expect(event.corners.count == 4)
        }
    }
}
