import Decoder
import Glibc
import TestSupport
import Testing

@testable import CaptureV4L2

/// The streaming loop's fault handling, against a scripted device and a manual clock.
@Suite struct SupervisedCameraTests {
    typealias Step = ScriptedVideoDevice.Step

    /// The status a scripted device's opening reports (its default 8x4 GREY format).
    static let streaming = CameraStatus.streaming(
        NegotiatedFormat(fourcc: .grey, size: FrameSize(width: 8, height: 4), bytesPerLine: 8, sizeImage: 32))

    /// What the fake kernel hands out at each opening, and what the camera reported.
    final class Fixture {
        var outcomes: [Result<[Step], CaptureError>]
        var devices: [ScriptedVideoDevice] = []
        var statuses: [CameraStatus] = []
        /// When the unplugged camera's path is back (watched only with `watchesThePath`).
        var pathBackAt: ManualClock.Instant?
        init(_ outcomes: [Result<[Step], CaptureError>]) { self.outcomes = outcomes }
    }

    /// Builds a camera whose openings take the given outcomes in turn.
    struct Harness {
        let clock = ManualClock()
        let fixture: Fixture
        let camera: SupervisedCamera<ScriptedVideoDevice, ManualClock>
        var statuses: [CameraStatus] { fixture.statuses }
        var devices: [ScriptedVideoDevice] { fixture.devices }

        init(
            _ outcomes: [Result<[Step], CaptureError>],
            configuration: CameraConfiguration? = nil,
            format: NegotiatedFormat? = nil,
            watchesThePath: Bool = false
        ) {
            let fixture = Fixture(outcomes)
            let clock = clock
            self.fixture = fixture
            camera = SupervisedCamera(
                configuration: configuration
                    ?? CameraConfiguration(
                        device: "/dev/video0",
                        corruptFramesBeforeRestart: 3,
                        restartsBeforeReopen: 2,
                        backoff: BackoffPolicy(initial: .milliseconds(500), maximum: .seconds(4))
                    ),
                clock: clock,
                sleep: { clock.advance(by: $0) },
                report: { fixture.statuses.append($0) },
                devicePresent: watchesThePath ? { fixture.pathBackAt.map { clock.now >= $0 } ?? true } : nil,
                open: { () throws(CaptureError) -> ScriptedVideoDevice in
                    guard !fixture.outcomes.isEmpty else { throw .deviceNotFound(device: "/dev/video0") }
                    switch fixture.outcomes.removeFirst() {
                    case .success(let script):
                        let device = ScriptedVideoDevice(format: format, clock: clock, script: script)
                        fixture.devices.append(device)
                        return device
                    case .failure(let error):
                        throw error
                    }
                }
            )
        }

        /// The next frame's first luma value, released at once.
        func next(timeout: Duration = .seconds(1)) throws -> UInt8? {
            guard let frame = try camera.nextFrame(timeout: timeout) else { return nil }
            defer { camera.release(frame) }
            return frame[0, 0]
        }
    }

    /// An MJPEG format of the decoder tests' frame size.
    static let mjpeg = NegotiatedFormat(
        fourcc: .mjpeg, size: JPEGLumaDecoderTests.size, bytesPerLine: JPEGLumaDecoderTests.size.width,
        sizeImage: JPEGLumaDecoderTests.size.width * JPEGLumaDecoderTests.size.height)

    @Test func mjpegFramesAreDecodedAndCorruptOnesCountedAndDropped() throws {
        let good = JPEGLumaDecoderTests.jpeg
        let harness = Harness(
            [.success([.bytes(good), .bytes(Array(good.prefix(good.count / 2))), .bytes([]), .bytes([1, 2, 3]), .bytes(good)])],
            configuration: CameraConfiguration(device: "/dev/video0", corruptFramesBeforeRestart: 5),
            format: Self.mjpeg)
        let first = try #require(try harness.camera.nextFrame(timeout: .seconds(1)))
        #expect(first.width == 320 && first.stride == 320 && (185...195).contains(first[0, 0]))
        let scanner = try QRScanner(width: 320, height: 240)
        #expect(try scanner.scan(first.pixels, stride: first.stride).map(\.symbol.text) == [JPEGLumaDecoderTests.payload])
        harness.camera.release(first)
        #expect(try harness.next() != nil)  // the three damaged frames in between are skipped
        let stats = harness.camera.statistics
        #expect(stats.frames == 2 && stats.corrupt == 3 && stats.restarts == 0)
        #expect(harness.devices.first?.violations == [])
    }

    @Test func aRunOfCorruptMJPEGFramesRestartsTheStreamAndItRecovers() throws {
        let good = JPEGLumaDecoderTests.jpeg
        let truncated = Array(good.prefix(good.count - 40))
        let harness = Harness(
            [.success([.bytes(truncated), .bytes(truncated), .bytes(truncated), .bytes(good)])], format: Self.mjpeg)
        #expect(try harness.next() != nil)
        let stats = harness.camera.statistics
        #expect(stats.frames == 1 && stats.corrupt == 3 && stats.restarts == 1 && stats.reconnects == 0)
        #expect(harness.devices.first?.trace.contains("STREAMOFF") == true)
        #expect(harness.devices.first?.violations == [])
    }

    @Test func framesFlowAndBuffersAreRequeuedOnRelease() throws {
        let harness = Harness([.success([.frame(1), .wouldBlock, .frame(2), .frame(3)])])
        let first = try #require(try harness.camera.nextFrame(timeout: .seconds(1)))
        #expect(first[0, 0] == 1 && first.width == 8 && first.height == 4 && first.stride == 8)
        let device = try #require(harness.devices.first)
        #expect(!device.queued.contains(first.buffer.index))
        harness.camera.release(first)
        #expect(device.queued.last == first.buffer.index)
        #expect(try harness.next() == 2)  // EAGAIN in between is retried
        #expect(try harness.next() == 3)
        #expect(harness.statuses == [.opening(attempt: 1), Self.streaming])
        #expect(harness.camera.statistics.frames == 3 && harness.camera.statistics.dropped == 0)
        #expect(device.violations.isEmpty)
    }

    @Test func sequenceGapsCountAsDroppedFrames() throws {
        let harness = Harness([.success([.frame(1), .frame(2, skipping: 3), .frame(3), .frame(4, skipping: 1)])])
        for _ in 0..<4 { _ = try harness.next() }
        #expect(harness.camera.statistics.dropped == 4)
    }

    @Test func theNewestWaitingFrameWinsAndOlderOnesAreRequeued() throws {
        let harness = Harness([
            .success([
                .frame(1), .frame(2, backlog: true), .frame(3, backlog: true), .frame(4), .frame(5, backlog: true),
            ])
        ])
        #expect(try harness.next() == 3)
        #expect(try harness.next() == 5)
        let stats = harness.camera.statistics
        #expect(stats.frames == 2 && stats.stale == 3 && stats.dropped == 0)
        #expect(harness.devices[0].violations.isEmpty)
        #expect(harness.devices[0].queued.count == 3)  // every buffer back with the driver
    }

    @Test func corruptFramesAreDroppedAndARunOfThemRestartsTheStream() throws {
        let harness = Harness([.success([.errorFlag, .frame(7), .short, .errorFlag, .short, .frame(8)])])
        #expect(try harness.next() == 7)
        #expect(try harness.next() == 8)
        let stats = harness.camera.statistics
        #expect(stats.corrupt == 4 && stats.restarts == 1 && stats.frames == 2)
        let device = try #require(harness.devices.first)
        #expect(device.trace.filter { $0 == "STREAMOFF" }.count == 1)
        #expect(device.trace.filter { $0 == "STREAMON" }.count == 2)
        #expect(device.violations.isEmpty)
    }

    @Test func noFrameForTheStallTimeoutRestartsTheStream() throws {
        let harness = Harness([.success([.frame(1), .stall, .frame(2)])])
        #expect(try harness.next() == 1)
        let before = harness.clock.now
        #expect(try harness.next(timeout: .seconds(10)) == 2)
        #expect(before.duration(to: harness.clock.now) == .seconds(2))  // the stall timeout, on the manual clock
        #expect(harness.camera.statistics.restarts == 1)
        #expect(harness.statuses == [.opening(attempt: 1), Self.streaming])
    }

    @Test func aTimeoutShorterThanTheStallReturnsNothingAndRestartsNothing() throws {
        let harness = Harness([.success([.stall, .frame(5)])])
        #expect(try harness.next(timeout: .milliseconds(100)) == nil)
        #expect(harness.camera.statistics.restarts == 0)
        #expect(try harness.next(timeout: .milliseconds(100)) == 5)
    }

    @Test func unpluggingReleasesEverythingAndReconnectsByItself() throws {
        let unplugged = CaptureError.deviceRemoved(device: "/dev/video0")
        let harness = Harness([.success([.frame(1), .unplugged]), .failure(unplugged), .success([.frame(2)])])
        #expect(try harness.next() == 1)
        let start = harness.clock.now
        #expect(try harness.next(timeout: .seconds(10)) == 2)
        #expect(
            harness.statuses == [
                .opening(attempt: 1), Self.streaming,
                .lost(unplugged), .retrying(after: unplugged, delay: .milliseconds(500), attempt: 1),
                .opening(attempt: 2), .retrying(after: unplugged, delay: .seconds(1), attempt: 2),
                .opening(attempt: 3), Self.streaming,
            ]
        )
        #expect(start.duration(to: harness.clock.now) == .milliseconds(1500))
        #expect(harness.devices.count == 2 && harness.devices[0].closed && !harness.devices[1].closed)
        #expect(harness.camera.statistics.reconnects == 1)
        #expect(harness.devices.allSatisfy { $0.violations.isEmpty })
    }

    @Test func aCameraPluggedInAgainIsOpenedAtOnceInsteadOfAtTheEndOfTheWait() throws {
        let unplugged = CaptureError.deviceRemoved(device: "/dev/video0")
        let missing = CaptureError.deviceNotFound(device: "/dev/video0")
        // Unplugged for 5 s: the openings at 0.5, 1.5 and 3.5 s find no camera, the next is due at 7.5 s.
        let outcomes: [Result<[Step], CaptureError>] = [
            .success([.frame(1), .unplugged]), .failure(missing), .failure(missing), .failure(missing), .success([.frame(2)]),
        ]
        var waits: [Duration] = []
        for watching in [true, false] {
            let harness = Harness(outcomes, watchesThePath: watching)
            #expect(try harness.next() == 1)
            let unpluggedAt = harness.clock.now
            harness.fixture.pathBackAt = unpluggedAt.advanced(by: .seconds(5))
            #expect(try harness.next(timeout: .seconds(20)) == 2)
            waits.append(unpluggedAt.duration(to: harness.clock.now))
            #expect(
                harness.statuses == [
                    .opening(attempt: 1), Self.streaming,
                    .lost(unplugged), .retrying(after: unplugged, delay: .milliseconds(500), attempt: 1),
                    .opening(attempt: 2), .retrying(after: missing, delay: .seconds(1), attempt: 2),
                    .opening(attempt: 3), .retrying(after: missing, delay: .seconds(2), attempt: 3),
                    .opening(attempt: 4), .retrying(after: missing, delay: .seconds(4), attempt: 4),
                    .opening(attempt: 5), Self.streaming,
                ]
            )
            #expect(harness.camera.statistics.reconnects == 1)
        }
        // Watching the path, the camera streams again the moment it is back; without, at 7.5 s.
        #expect(waits == [.seconds(5), .milliseconds(7500)])
    }

    @Test func aCameraBackButNotYetOpenableIsTriedAgainSoon() throws {
        let missing = CaptureError.deviceNotFound(device: "/dev/video0")
        // The node is there a moment before udev lets kioskd open it.
        let denied = CaptureError.permissionDenied(device: "/dev/video0")
        let harness = Harness(
            [.success([.frame(1), .unplugged]), .failure(missing), .failure(missing), .failure(missing), .failure(denied), .success([.frame(3)])],
            watchesThePath: true
        )
        #expect(try harness.next() == 1)
        let unpluggedAt = harness.clock.now
        harness.fixture.pathBackAt = unpluggedAt.advanced(by: .seconds(5))
        #expect(try harness.next(timeout: .seconds(20)) == 3)
        // The waits start again from the first: 0.5 s after the refused opening, not 8 s.
        #expect(harness.statuses.suffix(4) == [
            .opening(attempt: 5), .retrying(after: denied, delay: .milliseconds(500), attempt: 5),
            .opening(attempt: 6), Self.streaming,
        ])
        #expect(unpluggedAt.duration(to: harness.clock.now) == .milliseconds(5500))
    }

    @Test func aFrameHeldAcrossAnUnplugKeepsItsBufferUntilReleased() throws {
        let harness = Harness([.success([.frame(9), .unplugged]), .success([.frame(4)])])
        let held = try #require(try harness.camera.nextFrame(timeout: .seconds(1)))
        #expect(try harness.next(timeout: .seconds(5)) == 4)
        let old = harness.devices[0]
        #expect(!old.closed)  // still mapped: the consumer reads it
        #expect(held[3, 2] == 9)
        harness.camera.release(held)
        #expect(old.closed)
        #expect(old.violations.isEmpty)  // released into the retired device: not queued again
    }

    @Test func aRequeueFailureAtReleaseSurfacesAtTheNextFrame() throws {
        let harness = Harness([.success([.frame(1), .frame(2)]), .success([.frame(3)])])
        let frame = try #require(try harness.camera.nextFrame(timeout: .seconds(1)))
        harness.devices[0].unplug()
        harness.camera.release(frame)  // QBUF fails with ENODEV: kept for the next call
        #expect(try harness.next(timeout: .seconds(5)) == 3)
        #expect(harness.statuses.contains(.lost(.deviceRemoved(device: "/dev/video0"))))
        #expect(harness.devices[0].closed)
    }

    @Test func aStreamThatNeverRecoversIsReopened() throws {
        let harness = Harness([.success([]), .success([.frame(6)])])
        #expect(try harness.next(timeout: .seconds(30)) == 6)
        let lost = CaptureError.streamNotRecovering(device: "/dev/video0", restarts: 2)
        #expect(harness.statuses.contains(.lost(lost)))
        #expect(harness.camera.statistics.restarts == 3)
        #expect(harness.devices[0].closed)
    }

    @Test func otherDeviceErrorsAlsoReopen() throws {
        let harness = Harness([.success([.failure(EIO)]), .success([.frame(3)])])
        #expect(try harness.next(timeout: .seconds(5)) == 3)
        #expect(
            harness.statuses.contains(
                .lost(.system(device: "/dev/video0", SystemCallError(operation: "VIDIOC_DQBUF", errno: EIO)))
            )
        )
    }

    @Test func givesUpAfterTheAttemptLimit() throws {
        let configuration = CameraConfiguration(device: "/dev/video9", backoff: BackoffPolicy(maxAttempts: 3))
        let harness = Harness([], configuration: configuration)
        let missing = CaptureError.deviceNotFound(device: "/dev/video0")
        var result: UInt8?
        #expect(throws: missing) {
            for _ in 0..<10 { result = try harness.next(timeout: .seconds(1)) }
        }
        #expect(result == nil)
        #expect(harness.statuses.last == .gaveUp(missing))
        #expect(throws: missing) { _ = try harness.next() }
    }

    @Test func yuyvLumaIsExtractedFromEveryOtherByte() throws {
        let yuyv = NegotiatedFormat(fourcc: .yuyv, size: FrameSize(width: 4, height: 2), bytesPerLine: 8, sizeImage: 16)
        let harness = Harness([.success([.frame(200)])], format: yuyv)
        let frame = try #require(try harness.camera.nextFrame(timeout: .seconds(1)))
        defer { harness.camera.release(frame) }
        #expect(frame.stride == 4 && Array(frame.pixels) == [UInt8](repeating: 200, count: 8))
    }

    @Test func releasingEveryBufferIsRequiredBeforeMoreFrames() throws {
        let harness = Harness([.success([.frame(1), .frame(2), .frame(3), .frame(4)])])
        let frames = try (0..<3).map { _ in try #require(try harness.camera.nextFrame(timeout: .seconds(1))) }
        #expect(try harness.camera.nextFrame(timeout: .seconds(1)) == nil)  // all 3 buffers held
        #expect(harness.camera.statistics.restarts == 0)
        harness.camera.release(frames[0])
        #expect(try harness.next() == 4)
        frames.dropFirst().forEach(harness.camera.release)
        #expect(harness.devices[0].violations.isEmpty)
    }
}
