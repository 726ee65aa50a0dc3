import TestSupport
import Testing

@testable import CaptureV4L2

@Suite struct CameraSupervisorTests {
    typealias Supervisor = CameraSupervisor<ManualClock>
    let unplugged = CaptureError.deviceRemoved(device: "/dev/v4l/by-id/usb-cam-video-index0")

    @Test func opensStreamsAndReconnectsWithDoublingBackoff() {
        let clock = ManualClock()
        var supervisor = Supervisor(policy: BackoffPolicy(initial: .milliseconds(500), maximum: .seconds(2)))
        #expect(supervisor.phase == .closed)
        #expect(supervisor.start(now: clock.now) == [.report(.opening(attempt: 1)), .open])
        #expect(supervisor.opened(now: clock.now) == [.report(.streaming(nil))])
        clock.advance(by: .seconds(1))
        #expect(supervisor.failed(unplugged, now: clock.now) == [.report(.lost(unplugged)), .close])
        #expect(supervisor.phase == .lost)
        #expect(
            supervisor.released(now: clock.now) == [
                .report(.retrying(after: unplugged, delay: .milliseconds(500), attempt: 1))
            ]
        )
        #expect(supervisor.phase == .backoff)
        #expect(supervisor.retryAt == clock.now.advanced(by: .milliseconds(500)))
        clock.advance(by: .milliseconds(499))
        #expect(supervisor.tick(now: clock.now) == [])
        clock.advance(by: .milliseconds(1))
        #expect(supervisor.tick(now: clock.now) == [.report(.opening(attempt: 2)), .open])
        // The node is not back yet: each failed opening doubles the wait, up to the maximum.
        var delays: [Duration] = []
        for _ in 0..<4 {
            guard case .report(.retrying(_, let delay, _)) = supervisor.openFailed(unplugged, now: clock.now).first
            else {
                Issue.record("no retry")
                return
            }
            delays.append(delay)
            clock.advance(by: delay)
            #expect(supervisor.tick(now: clock.now).last == .open)
        }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(2), .seconds(2)])
        #expect(supervisor.opened(now: clock.now) == [.report(.streaming(nil))])
        #expect(supervisor.phase == .streaming)
    }

    @Test func aDeviceThatComesBackIsOpenedAtOnceAndItsWaitsStartAfresh() {
        let clock = ManualClock()
        var supervisor = Supervisor(policy: BackoffPolicy(initial: .milliseconds(500), maximum: .seconds(30)))
        #expect(supervisor.deviceReturned(now: clock.now) == [])  // closed: nothing to cut short
        _ = supervisor.start(now: clock.now)
        #expect(supervisor.deviceReturned(now: clock.now) == [])  // opening already
        _ = supervisor.opened(now: clock.now)
        #expect(supervisor.deviceReturned(now: clock.now) == [])  // streaming
        _ = supervisor.failed(unplugged, now: clock.now)
        _ = supervisor.released(now: clock.now)
        for _ in 0..<5 {
            clock.advance(by: supervisor.retryAt.map { clock.now.duration(to: $0) } ?? .zero)
            _ = supervisor.tick(now: clock.now)
            _ = supervisor.openFailed(unplugged, now: clock.now)
        }
        #expect(supervisor.retryAt == clock.now.advanced(by: .seconds(16)))
        clock.advance(by: .seconds(3))
        #expect(supervisor.deviceReturned(now: clock.now) == [.report(.opening(attempt: 7)), .open])
        #expect(supervisor.phase == .opening)
        // Not openable yet: the next wait is the first one again, and the attempts go on counting.
        #expect(
            supervisor.openFailed(unplugged, now: clock.now) == [
                .report(.retrying(after: unplugged, delay: .milliseconds(500), attempt: 7))
            ]
        )
        clock.advance(by: .milliseconds(500))
        #expect(supervisor.tick(now: clock.now) == [.report(.opening(attempt: 8)), .open])
        #expect(
            supervisor.openFailed(unplugged, now: clock.now) == [
                .report(.retrying(after: unplugged, delay: .seconds(1), attempt: 8))
            ]
        )
    }

    @Test func aStableStreamResetsTheBackoffButAFlappingOneDoesNot() {
        let clock = ManualClock()
        let policy = BackoffPolicy(initial: .seconds(1), maximum: .seconds(60), stableAfter: .seconds(10))
        var supervisor = Supervisor(policy: policy)
        _ = supervisor.start(now: clock.now)
        _ = supervisor.openFailed(unplugged, now: clock.now)  // 1 s
        clock.advance(by: .seconds(1))
        _ = supervisor.tick(now: clock.now)
        _ = supervisor.openFailed(unplugged, now: clock.now)  // 2 s
        clock.advance(by: .seconds(2))
        _ = supervisor.tick(now: clock.now)
        _ = supervisor.opened(now: clock.now)
        clock.advance(by: .seconds(3))  // fails again soon: keeps backing off
        _ = supervisor.failed(unplugged, now: clock.now)
        #expect(
            supervisor.released(now: clock.now) == [
                .report(.retrying(after: unplugged, delay: .seconds(4), attempt: 3))
            ]
        )
        clock.advance(by: .seconds(4))
        _ = supervisor.tick(now: clock.now)
        _ = supervisor.opened(now: clock.now)
        clock.advance(by: .seconds(10))  // streamed long enough: back to the initial wait
        _ = supervisor.failed(unplugged, now: clock.now)
        #expect(
            supervisor.released(now: clock.now) == [
                .report(.retrying(after: unplugged, delay: .seconds(1), attempt: 1))
            ]
        )
    }

    @Test func givesUpOnlyWithAnAttemptLimit() {
        let clock = ManualClock()
        let missing = CaptureError.deviceNotFound(device: "/dev/video9")
        var supervisor = Supervisor(policy: BackoffPolicy(maxAttempts: 2))
        _ = supervisor.start(now: clock.now)
        #expect(supervisor.openFailed(missing, now: clock.now).count == 1)
        clock.advance(by: .seconds(1))
        _ = supervisor.tick(now: clock.now)
        #expect(supervisor.openFailed(missing, now: clock.now) == [.report(.gaveUp(missing)), .giveUp(missing)])
        #expect(supervisor.phase == .closed)
    }

    @Test func eventsOutOfOrderChangeNothing() {
        let clock = ManualClock()
        var supervisor = Supervisor()
        #expect(supervisor.opened(now: clock.now) == [])
        #expect(supervisor.failed(unplugged, now: clock.now) == [])
        #expect(supervisor.released(now: clock.now) == [])
        #expect(supervisor.tick(now: clock.now) == [])
        #expect(supervisor.stop() == [])
        #expect(supervisor.phase == .closed)
        _ = supervisor.start(now: clock.now)
        #expect(supervisor.start(now: clock.now) == [])
        #expect(supervisor.released(now: clock.now) == [])
        #expect(supervisor.phase == .opening)
    }

    @Test func stopClosesAnOpenDevice() {
        let clock = ManualClock()
        var supervisor = Supervisor()
        _ = supervisor.start(now: clock.now)
        _ = supervisor.opened(now: clock.now)
        #expect(supervisor.stop() == [.close, .report(.closed)])
        #expect(supervisor.phase == .closed)
    }
}
