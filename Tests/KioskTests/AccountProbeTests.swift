import Foundation
import Testing

@testable import Kiosk

/// Nothing a login answers, nor the work behind the answer, tells whether a name exists or is
/// locked; and a locked account can be unlocked on the kiosk itself.
@Suite struct AccountProbeTests {
    let fixture: LedgerFixture
    let accounts: AccountDesk
    static let password = "Office-pass1"

    init() throws {
        fixture = try LedgerFixture()
        accounts = try AccountDesk(store: fixture.ledger, policy: .seed002, idleSeconds: 900)
        try accounts.createAccount(name: "city", role: .programOffice, initialPassword: Self.password, by: .system, now: fixture.now)
    }

    /// One login attempt: its answer (an error code and lock time, or "ok") and how many password
    /// checks it ran.
    func attempt(_ name: String, _ password: String) -> (answer: String, checks: Int) {
        let before = accounts.passwordChecks
        let answer: String
        do {
            _ = try accounts.login(name: name, password: password, peerUID: 1000, now: fixture.now)
            answer = "ok"
        } catch {
            if case .locked(let until) = error { answer = "locked until \(until)" } else { answer = error.code }
        }
        return (answer, accounts.passwordChecks - before)
    }

    @Test func aRealAndAnUnknownNameGetTheSameAnswersAtTheSameCost() {
        var real: [(String, Int)] = []
        var unknown: [(String, Int)] = []
        // Seven wrong passwords: the fifth locks, the sixth and seventh meet the lock.
        for index in 1...7 {
            fixture.now = fixture.now.adding(seconds: 1)
            real.append(attempt("city", "Wrong-pass\(index)"))
            unknown.append(attempt("nobody", "Wrong-pass\(index)"))
        }
        #expect(real.map(\.0) == unknown.map(\.0))
        #expect(real.map(\.1) == unknown.map(\.1))
        #expect(real[4].0.hasPrefix("locked until"), "\(real)")
        // A locked account hashes as much as any other attempt: one check each.
        #expect(real.map(\.1) == Array(repeating: 1, count: 7))
        // Even the right password meets the lock, after the same check.
        let right = attempt("city", Self.password)
        #expect(right.answer == real[6].0 && right.checks == 1)
    }

    @Test func anOverlongPasswordIsAWrongPasswordForEveryName() throws {
        let long = String(repeating: "x", count: 1000)
        let real = attempt("city", long)
        let unknown = attempt("nobody", long)
        #expect(real.answer == "wrong_credentials" && unknown.answer == "wrong_credentials")
        #expect(real.checks == 1 && unknown.checks == 1)
        // It counts as a failed login of the real account, as any wrong password does.
        #expect(try fixture.ledger.auditEntries(after: 0, limit: 100).filter { $0.action == "login.failed" }.count == 1)
    }

    @Test func theOnlyProgramOfficeAccountCanBeUnlockedByTheSystem() throws {
        for index in 1...5 { _ = attempt("city", "Wrong-pass\(index)") }
        #expect(attempt("city", Self.password).answer.hasPrefix("locked until"))
        let root = Principal(name: "system", role: .programOffice, peerUID: 0)
        let until = try accounts.unlock("city", by: root, now: fixture.now)
        #expect(until == fixture.now.adding(seconds: 600))
        #expect(attempt("city", Self.password).answer == "ok")
        let entry = try #require(try fixture.ledger.auditEntries(after: 0, limit: 100).last { $0.action == "account.unlocked" })
        #expect(entry.subject == "city" && entry.actor == "system")
        #expect(try fixture.ledger.verifyAudit(from: nil).firstBad == nil)
        // A name with no account, or no name at all, is refused clearly.
        #expect(throws: AccountError.unknownAccount(AccountName("nobody")!)) { try accounts.unlock("nobody", by: root, now: fixture.now) }
        #expect(throws: AccountError.invalidName("NOT A NAME")) { try accounts.unlock("NOT A NAME", by: root, now: fixture.now) }
    }

    @Test func unknownNamesAreRememberedWithinABound() {
        var table = UnknownNameLockouts(capacity: 3)
        let rule = LoginLockout.Rule(threshold: 2, windowSeconds: 60, durationSeconds: 600)
        let now = fixture.now
        for name in ["a1", "b2", "c3", "d4"] { _ = table.recordFailure(of: AccountName(name)!, at: now, rule: rule) }
        #expect(table.count == 3)
        // d4's second failure locks it, as a real account's would.
        #expect(table.recordFailure(of: AccountName("d4")!, at: now, rule: rule) == now.adding(seconds: 600))
    }
}
