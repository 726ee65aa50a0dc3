import Foundation
import Testing

@testable import Kiosk

/// The SQLite ledger checkpoints its write-ahead log on a background connection
/// (`WALCheckpointer`) instead of inside the commit that takes it past 1,000 frames.
@Suite(.enabled(if: TestLedgerBackend.isSQLite))
struct WALCheckpointerTests {
    let paper = LedgerFixture.paper
    let t1 = LedgerFixture.terminal
    let staff = LedgerFixture.staff

    func pay(_ f: LedgerFixture, _ code: String, key: String) throws -> Payment {
        let session = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(code), to: session.id, now: f.now)
        return try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey(key)!, by: staff, now: f.now)
    }

    @Test func theLogIsCopiedAndStartsOverWhileCommitsGoOn() throws {
        let f = try LedgerFixture()
        guard let ledger = f.ledger as? SQLiteLedger else { throw LedgerError.corrupt(reason: "not SQLite") }
        let codes = try f.vouchers(72)
        try ledger.checkpoint()
        var payments: [Payment] = []
        // About 20 frames a payment: 70 take the log past the 1,000-frame threshold.
        for (index, code) in codes.prefix(70).enumerated() { payments.append(try pay(f, code, key: "c-\(index)")) }
        ledger.waitForCheckpoints()
        // This commit starts a checkpoint of everything before it; once it is done, the next
        // commit finds the whole log copied and writes from the log's start again.
        payments.append(try pay(f, codes[70], key: "c-70"))
        ledger.waitForCheckpoints()
        payments.append(try pay(f, codes[71], key: "c-71"))
        // The log now holds the last payment's frames only.
        #expect(try ledger.walFrames() < 100)
        let reopened = try f.reopen()
        #expect(try reopened.integrityCheck() == "ok")
        #expect(try reopened.verifyAudit(from: nil).ok)
        for payment in payments { #expect(try reopened.payment(payment.id) == payment) }
    }
}
