import Foundation
import Testing

@testable import Kiosk

/// A session opens only at a terminal whose terminal, store and merchant are enabled, whichever
/// kiosk or office of a shared ledger changed them. A kiosk connected straight to the server asks
/// it once and then hears of every change as it commits, so opening a session costs the server no
/// round trip; through a pooler, and on a kiosk's own file, every open asks.
@Suite struct SiteOpenCheckTests {
    let t1 = LedgerFixture.terminal
    let t2 = LedgerFixture.otherTerminal
    let store = SiteCode("S1")!

    /// Requests this ledger's connection has sent to a server and waited on (0 on SQLite).
    func roundTrips(_ ledger: RelationalLedger) throws -> Int {
        try ledger.read { db throws(LedgerError) in (db as? PostgreSQLConnection)?.roundTrips ?? 0 }
    }

    /// Whether this backend keeps a terminal found open until a change is announced.
    var keepsOpenTerminals: Bool { TestLedgerBackend.isPostgreSQL && !TestLedgerBackend.pooled }

    /// The refusal of a session at `terminal` on `kiosk`, once the change has reached it: at once
    /// on SQLite or through a pooler; on a direct connection when the server's notice arrives,
    /// within milliseconds (given up after 10 s).
    func refusal(at kiosk: RelationalLedger, _ terminal: SiteCode) -> LedgerError? {
        for _ in 0..<1000 {
            do throws(LedgerError) {
                try kiosk.checkOpenForSessions(terminal)
            } catch {
                return error
            }
            usleep(10_000)
        }
        return nil
    }

    @Test func aSiteDisabledByTheOfficeRefusesSessionsAtAnotherKiosk() throws {
        let f = try LedgerFixture()
        let kiosk = try f.reopen()
        try kiosk.checkOpenForSessions(t1)
        let before = try roundTrips(kiosk)
        try kiosk.checkOpenForSessions(t1)
        try kiosk.checkOpenForSessions(t1)
        let asked = try roundTrips(kiosk) - before
        if keepsOpenTerminals {
            #expect(asked == 0)
        } else if TestLedgerBackend.isPostgreSQL {
            #expect(asked >= 2)  // each check its own request (a pooled one in a transaction of its own)
        }

        try f.ledger.changeSite(.store, store, SiteChange(disabled: true), by: LedgerFixture.office, now: f.now)
        #expect(refusal(at: kiosk, t1) == .siteDisabled(kind: "store", code: store, since: f.now))
        #expect(throws: LedgerError.siteDisabled(kind: "store", code: store, since: f.now)) { try kiosk.checkOpenForSessions(t2) }
        // A refusal is never kept: enabled again, the next open asks and is let through.
        try f.ledger.changeSite(.store, store, SiteChange(disabled: false), by: LedgerFixture.office, now: f.now)
        try kiosk.checkOpenForSessions(t1)
        let desk = RedemptionDesk(ledger: kiosk, codec: f.codec)
        _ = try desk.open(program: LedgerFixture.paper, amount: 1000, terminal: t1, now: f.now)
    }

    @Test func aKioskHearsOfItsOwnChangesAndOfATerminalDisabledAlone() throws {
        let f = try LedgerFixture()
        let kiosk = try f.reopen()
        try kiosk.checkOpenForSessions(t1)
        try kiosk.checkOpenForSessions(t2)
        try kiosk.changeSite(.terminal, t2, SiteChange(disabled: true), by: LedgerFixture.office, now: f.now)
        #expect(throws: LedgerError.siteDisabled(kind: "terminal", code: t2, since: f.now)) { try kiosk.checkOpenForSessions(t2) }
        try kiosk.checkOpenForSessions(t1)
        try f.ledger.changeSite(.merchant, SiteCode("M1")!, SiteChange(disabled: true), by: LedgerFixture.office, now: f.now)
        #expect(refusal(at: kiosk, t1) == .siteDisabled(kind: "merchant", code: SiteCode("M1")!, since: f.now))
    }

    /// Announcements made while a kiosk's connection was gone never reach it: the connection
    /// made again asks afresh.
    @Test(.enabled(if: TestLedgerBackend.isPostgreSQL && !TestLedgerBackend.pooled))
    func aKioskCutOffAsksAgainOnceConnectedAgain() throws {
        let f = try LedgerFixture()
        let kiosk = try f.reopen()
        try kiosk.checkOpenForSessions(t1)
        let backend = try #require(try kiosk.read { db throws(LedgerError) in try db.first("SELECT pg_backend_pid()") { $0.int(0) } })
        try f.ledger.read { db throws(LedgerError) in
            _ = try db.first("SELECT pg_terminate_backend(?)", [.integer(backend)]) { _ in true }
        }
        // Gone before the change, so its announcement cannot reach that connection.
        for _ in 0..<1000 {
            let alive = try f.ledger.read { db throws(LedgerError) in
                try db.first("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", [.integer(backend)]) { $0.int(0) }
            }
            if alive == 0 { break }
            usleep(10_000)
        }
        try f.ledger.changeSite(.terminal, t1, SiteChange(disabled: true), by: LedgerFixture.office, now: f.now)
        #expect(refusal(at: kiosk, t1) == .siteDisabled(kind: "terminal", code: t1, since: f.now))
    }
}
