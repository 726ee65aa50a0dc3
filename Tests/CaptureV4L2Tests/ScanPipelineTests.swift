import Synchronization
import Testing

@testable import CaptureV4L2

/// What the scan pipeline does with frames its scanner refuses: counted and reported, never read
/// as "no code".
@Suite struct ScanPipelineTests {
    /// Frames too small to hold any QR symbol (8 x 8).
    final class TinyFrames: FrameSource {
        let plane = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 64)
        var sequence: UInt32 = 0
        init() { plane.initialize(repeating: 0) }
        deinit { plane.deallocate() }
        func nextFrame(timeout: Duration) throws(CaptureError) -> LumaFrame? {
            sequence += 1
            return LumaFrame(
                width: 8, height: 8, stride: 8, pixels: UnsafeBufferPointer(plane), timestamp: .milliseconds(Int64(sequence) * 33),
                sequence: sequence, buffer: BufferIndex(index: 0, generation: 0))
        }
        func release(_ frame: LumaFrame) {}
    }

    @Test func unscannableFramesAreCountedAndReportedNotTakenForEmptyOnes() async throws {
        let errors = Mutex<[CaptureError]>([])
        let pipeline = ScanPipeline(source: TinyFrames(), onEvent: { _ in }, onError: { error in errors.withLock { $0.append(error) } })
        pipeline.start()
        for _ in 0..<200 where pipeline.statistics.unscannable < 20 { try await Task.sleep(for: .milliseconds(10)) }
        pipeline.stop()
        let statistics = pipeline.statistics
        #expect(statistics.unscannable >= 20 && statistics.scanned == 0)
        let reported = errors.withLock { $0 }
        #expect(reported.count == statistics.unscannable / 1_000 + 1, "the first, then every 1,000th: \(reported)")
        #expect(reported.first?.code == "frame_unscannable")
        #expect(reported.first?.message.contains("skipped, 1 so far") == true)
    }
}
