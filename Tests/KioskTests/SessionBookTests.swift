import Testing

@testable import Kiosk

/// The desk's book of sessions files each session by its state, so the counter's questions look
/// at the open ones only.
@Suite struct SessionBookTests {
    let tokyo = LedgerTimeZone.tokyo
    var start: Timestamp { tokyo.startOfDay(LocalDate(year: 2026, month: 7, day: 1)!).adding(seconds: 36_000) }

    func session(_ id: UInt64, at terminal: String) throws -> RedemptionSession {
        try RedemptionSession(
            id: SessionID(rawValue: id),
            program: LedgerFixture.paperProgram(tokyo),
            terminal: SiteCode(terminal)!,
            amount: 1000,
            idleSeconds: 60,
            now: start
        )
    }

    @Test func aClosedSessionLeavesTheOpenOnesAndStaysReadableUntilForgotten() throws {
        var book = SessionBook()
        var first = try session(1, at: "T1")
        book[first.id] = first
        book[try session(2, at: "T2").id] = try session(2, at: "T2")
        #expect(book.openSession(at: SiteCode("T1")!)?.id == first.id)
        #expect(book.open.count == 2)

        try first.abort(now: start.adding(seconds: 5))
        book[first.id] = first
        #expect(book.openSession(at: SiteCode("T1")!) == nil)
        #expect(book.open.keys.sorted { $0.rawValue < $1.rawValue } == [SessionID(rawValue: 2)])
        #expect(book[first.id]?.state == .aborted)

        book.forgetClosed(idleFor: 3600, now: start.adding(seconds: 3604))
        #expect(book[first.id]?.state == .aborted, "kept an hour after its last activity")
        book.forgetClosed(idleFor: 3600, now: start.adding(seconds: 3605))
        #expect(book[first.id] == nil)
        #expect(book[SessionID(rawValue: 2)] != nil, "an open session is never forgotten")
    }
}
