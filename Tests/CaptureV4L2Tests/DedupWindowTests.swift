import Testing
import TestSupport

@testable import CaptureV4L2

@Suite struct DedupWindowTests {
    let code = Array("KQ1P:KMTPREMIUM:00000001:AL24HZ4KS6JBCULM".utf8)
    let other = Array("KQ1P:KMTPREMIUM:00000002:UN3TSNZBLIEVY7YV".utf8)

    @Test func aCodeInViewCountsOnce() {
        let clock = ManualClock()
        var window = DedupWindow(hold: .seconds(2), clock: clock)
        #expect(window.observe(code, at: clock.now) == .report)
        for _ in 0..<30 {
            clock.advance(by: .milliseconds(33))
            #expect(window.observe(code, at: clock.now) == .suppress)  // still in front of the camera
        }
    }

    @Test func aCodeShownAgainAfterTheHoldIsNews() {
        let clock = ManualClock()
        var window = DedupWindow(hold: .seconds(2), clock: clock)
        #expect(window.observe(code, at: clock.now) == .report)
        clock.advance(by: .milliseconds(1999))
        #expect(window.observe(code, at: clock.now) == .suppress)
        clock.advance(by: .milliseconds(2001))  // out of view for more than the hold
        #expect(window.observe(code, at: clock.now) == .report)
    }

    @Test func differentCodesAreIndependent() {
        let clock = ManualClock()
        var window = DedupWindow(hold: .seconds(2), clock: clock)
        #expect(window.observe(code, at: clock.now) == .report)
        #expect(window.observe(other, at: clock.now) == .report)
        #expect(window.observe(code, at: clock.now) == .suppress)
    }

    @Test func forgettingKeepsOnlyRecentCodes() {
        let clock = ManualClock()
        var window = DedupWindow(hold: .seconds(1), clock: clock)
        _ = window.observe(code, at: clock.now)
        clock.advance(by: .seconds(5))
        _ = window.observe(other, at: clock.now)
        window.forget(before: clock.now)
        #expect(window.count == 1)
    }
}
