import Synchronization
import Testing

@testable import CaptureV4L2

/// The exposure's answer to glare, on a manual clock: down in steps while the code's region is
/// saturated, never below the floor, back up to the configured value once the glare is gone.
@Suite struct GlareResponseTests {
    static let frame = Duration.milliseconds(33)

    /// Feeds `share` every frame from `start` for `length`; returns the exposures written, with when.
    static func feed(
        _ response: inout GlareResponse, share: Double, from start: Duration, for length: Duration
    ) -> [(at: Duration, exposure: Int32)] {
        var written: [(Duration, Int32)] = []
        var now = start
        while now < start + length {
            if let value = response.observe(saturatedShare: share, at: now) { written.append((now, value)) }
            now += frame
        }
        return written
    }

    @Test func glareLowersTheExposureInStepsDownToTheFloorAndClearFramesRestoreIt() {
        var response = GlareResponse(limits: .init(configured: 200, floor: 50))
        // A short flash (under 300 ms) changes nothing.
        #expect(Self.feed(&response, share: 0.3, from: .zero, for: .milliseconds(250)).isEmpty)
        #expect(Self.feed(&response, share: 0, from: .milliseconds(250), for: .milliseconds(100)).isEmpty)
        // Lasting glare: a step after 300 ms, then one per settle time, down to the floor and no further.
        let down = Self.feed(&response, share: 0.3, from: .seconds(1), for: .seconds(10))
        #expect(down.map(\.exposure) == [140, 98, 68, 50])
        #expect(down[0].at >= .milliseconds(1300) && down[0].at < .milliseconds(1340))
        for (earlier, later) in zip(down, down.dropFirst()) { #expect(later.at - earlier.at >= .milliseconds(500)) }
        #expect(response.exposure == 50)
        // Neither glared nor clear (a bright but unsaturated code): nothing moves either way.
        #expect(Self.feed(&response, share: 0.02, from: .seconds(11), for: .seconds(20)).isEmpty)
        // Clear for 5 s: back up one step at a time, to the configured value and no further.
        let up = Self.feed(&response, share: 0, from: .seconds(31), for: .seconds(60))
        #expect(up.map(\.exposure) == [72, 103, 148, 200])
        #expect(up[0].at >= .seconds(36))
        #expect(response.exposure == 200)
    }

    @Test func theFloorIsNeverAboveTheConfiguredExposure() {
        let limits = GlareResponse.Limits(configured: 30, floor: 90)
        #expect(limits.floor == 30)
        var response = GlareResponse(limits: limits)
        #expect(Self.feed(&response, share: 1, from: .zero, for: .seconds(5)).isEmpty)
    }

    @Test func saturationIsMeasuredWhereTheCodeIs() {
        // A 40x20 frame: dark, but saturated in its right half.
        var plane = [UInt8](repeating: 30, count: 40 * 20)
        for y in 0..<20 { for x in 20..<40 { plane[y * 40 + x] = 255 } }
        plane.withUnsafeBufferPointer { pixels in
            let left = SaturationMeter.Region(x0: 0, y0: 0, x1: 20, y1: 20)
            let right = SaturationMeter.Region(x0: 20, y0: 0, x1: 40, y1: 20)
            #expect(SaturationMeter.share(of: pixels, stride: 40, in: left) == 0)
            #expect(SaturationMeter.share(of: pixels, stride: 40, in: right) == 1)
            #expect(SaturationMeter.share(of: pixels, stride: 40, in: .centre(width: 40, height: 20)) == 0.5)
        }
        let around = SaturationMeter.Region.around([(x: 10, y: 10), (x: 20, y: 10), (x: 20, y: 20), (x: 10, y: 20)], width: 24, height: 100)
        #expect(around == SaturationMeter.Region(x0: 5, y0: 5, x1: 24, y1: 26))
    }

    /// A camera showing a saturated counter; it records the exposures it is given.
    final class GlaredCamera: FrameSource {
        let plane = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64 * 48)
        var time = Duration.zero
        var sequence: UInt32 = 0
        let written = Mutex<[Int32]>([])
        init() { plane.initialize(repeating: 255) }
        deinit { plane.deallocate() }
        func nextFrame(timeout: Duration) throws(CaptureError) -> LumaFrame? {
            time += .milliseconds(33)  // the frames' own clock: no waiting
            sequence += 1
            return LumaFrame(
                width: 64, height: 48, stride: 64, pixels: UnsafeBufferPointer(plane), timestamp: time, sequence: sequence,
                buffer: BufferIndex(index: 0, generation: 0))
        }
        func release(_ frame: LumaFrame) {}
        func adjustExposure(to value: Int32) -> ControlOutcome? {
            written.withLock { $0.append(value) }
            return .applied(ControlWrite(control: .exposureAbsolute, value: value))
        }
    }

    @Test func theScanPipelineWritesTheResponsesExposureToItsCamera() async throws {
        let camera = GlaredCamera()
        let reported = Mutex<[Int32]>([])
        let pipeline = ScanPipeline(
            source: camera, onEvent: { _ in },
            glare: GlareResponse(limits: .init(configured: 100, floor: 25)),
            onExposure: { value, outcome in
                if case .applied = outcome { reported.withLock { $0.append(value) } }
            })
        pipeline.start()
        for _ in 0..<200 where reported.withLock({ $0.count }) < 4 { try await Task.sleep(for: .milliseconds(20)) }
        pipeline.stop()
        #expect(reported.withLock { $0 }.prefix(4) == [70, 49, 34, 25])
        #expect(camera.written.withLock { $0 }.prefix(4) == [70, 49, 34, 25])
    }
}
