import Foundation
import Testing

@testable import Kiosk

/// Money rows bound to the audit chain: a row edited, deleted, inserted or reverted outside kioskd
/// is named by the check, and a chain rewritten whole is found against a head recorded earlier.
@Suite struct MoneyAuditTests {
    static let manager = Principal(name: "sato", role: .manager, peerUID: 1000, terminal: SiteCode("T1"))

    /// A voucher payment (P1), an e-ticket payment (P2) refunded, and a voucher payment (P3).
    func ledgerWithMoney() throws -> LedgerFixture {
        let f = try LedgerFixture()
        let codes = try f.vouchers(3)
        let ticket = try f.ticket(balance: 5000)
        func pay(_ program: ProgramCode, _ amount: Yen, _ code: String, _ key: String) throws {
            let session = try f.desk.open(program: program, amount: amount, terminal: LedgerFixture.terminal, now: f.now)
            _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now)
            _ = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey(key)!, by: LedgerFixture.staff, now: f.now)
        }
        try pay(LedgerFixture.paper, 1000, codes[0], "p1")
        try pay(LedgerFixture.kids, 1200, try f.ticketCode(ticket), "p2")
        _ = try f.ledger.refund(
            RefundRequest(payment: PaymentID(rawValue: 2), idempotencyKey: IdempotencyKey("r2")!, memo: "returned", principal: Self.manager, now: f.now)
        )
        try pay(LedgerFixture.paper, 1000, codes[1], "p3")
        return f
    }

    func sql(_ f: LedgerFixture, _ text: String) throws {
        try f.ledger.read { db throws(LedgerError) in try db.execute(text) }
    }

    @Test func anUntouchedLedgerMatchesItsChain() throws {
        let f = try ledgerWithMoney()
        let result = try f.ledger.verifyMoney()
        #expect(result.ok, "\(result.findings)")
        #expect(result.payments == 3 && result.refunds == 1 && result.vouchers == 3 && result.eTickets == 1)
    }

    @Test(arguments: [
        // The finding of the issue: an amount edited with sqlite3 (a refund preview then offered 50,000 yen).
        (
            "UPDATE payments SET requested = 50000, amount = 50000 WHERE id = 1",
            "payments P000000000001: amount is 50000 in the row, 1000 in audit entry"
        ),
        ("UPDATE payment_lines SET amount = 900 WHERE payment = 3", "payments P000000000003: lines is"),
        ("UPDATE payments SET terminal = 'T2' WHERE id = 3", "payments P000000000003: terminal is \"T2\" in the row"),
        (
            "UPDATE vouchers SET state = 'unspent', payment = NULL WHERE payment = 3; DELETE FROM payment_lines WHERE payment = 3; DELETE FROM payments WHERE id = 3",
            "payments P000000000003: is missing: audit entry"
        ),
        ("UPDATE vouchers SET state = 'unspent', payment = NULL WHERE serial = 1", "vouchers KOMATSU26 voucher 1: is unspent in the row, spent in P000000000001"),
        ("UPDATE vouchers SET face_value = 5000 WHERE serial = 3", "vouchers KOMATSU26 voucher 3: face value is 5000"),
        ("DELETE FROM vouchers WHERE serial = 3", "vouchers KOMATSU26 voucher 3: is missing"),
        (
            "INSERT INTO vouchers (program, serial, face_value, state, issued_at) VALUES ('KOMATSU26', 99, 1000, 'unspent', 0)",
            "vouchers KOMATSU26 voucher 99: was never issued"
        ),
        ("UPDATE etickets SET balance = balance - 1000", "etickets KIDS25 e-ticket 1: balance is 4000 in the row, 5000 by the audit log"),
        (
            "UPDATE etickets SET issued_balance = issued_balance + 5000, balance = balance + 5000",
            "etickets KIDS25 e-ticket 1: issue balance is 10000 in the row, 5000 in the audit log"
        ),
        ("UPDATE etickets SET expiry = expiry + 86400000000", "etickets KIDS25 e-ticket 1: expiry is"),
        ("UPDATE refunds SET memo = 'nothing to see'", "refunds of P000000000002: memo is \"nothing to see\" in the row"),
        ("DELETE FROM refunds", "refunds of P000000000002: is missing"),
    ])
    func anEditedMoneyRowIsNamed(edit: String, finding: String) throws {
        let f = try ledgerWithMoney()
        try sql(f, edit)
        let result = try f.ledger.verifyMoney()
        #expect(!result.ok)
        #expect(result.findings.contains { $0.description.hasPrefix(finding) }, "\(result.findings)")
        // The chain itself is intact: only the row check finds it.
        #expect(try f.ledger.verifyAudit(from: nil).ok)
    }

    @Test func aRewrittenChainIsFoundAgainstTheHeadRecordedOffTheKiosk() throws {
        let f = try ledgerWithMoney()
        // As `audit head` does: bind the terminals' chains (a shared ledger's) into the recorded one.
        try f.ledger.anchorAuditChains(now: f.now)
        let recorded = try #require(try f.ledger.auditHead())
        #expect(AuditCheckpoint(recorded.text) == recorded)
        // Someone edits a payment and rewrites every chain to match: every hash recomputed, and
        // the anchors' record of the terminals' chains with them.
        try sql(f, "UPDATE payments SET requested = 50000, amount = 50000 WHERE id = 1")
        var entries = try f.ledger.auditEntries(after: 0, limit: 1000)
        var previous: [SiteCode?: [UInt8]] = [:]
        var rewritten: [SiteCode: [Int64: [UInt8]]] = [:]
        for index in entries.indices {
            if entries[index].action == "payment.confirmed" && entries[index].subject == "P000000000001" {
                var detail = entries[index].detail  // the payment's own amount, not its line's
                detail.replaceSubrange(detail.range(of: #"{"amount":1000,"#)!, with: #"{"amount":50000,"#)
                entries[index].detail = detail.replacingOccurrences(of: #""requested":1000,"#, with: #""requested":50000,"#)
            }
            if let heads = AuditAnchor(entries[index])?.checkpoints {
                var forged: [SiteCode: AuditCheckpoint] = [:]
                for (chain, head) in heads {
                    forged[chain] = AuditCheckpoint(sequence: head.sequence, hash: rewritten[chain]?[head.sequence] ?? head.hash)
                }
                entries[index].detail = try RelationalLedger.json(AuditAnchor(heads: forged))
            }
            let chain = entries[index].chain
            entries[index].previousHash = previous[chain] ?? AuditEntry.genesisHash
            entries[index].hash = entries[index].computedHash()
            previous[chain] = entries[index].hash
            if let chain { rewritten[chain, default: [:]][entries[index].sequence] = entries[index].hash }
        }
        try f.ledger.read { db throws(LedgerError) in
            for entry in entries {
                _ = try db.run(
                    "UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    [.text(entry.detail), .blob(entry.previousHash), .blob(entry.hash), .integer(entry.position)]
                )
            }
            for (chain, hash) in previous {
                _ = try db.run("UPDATE audit_heads SET hash = ? WHERE chain = ?", [.blob(hash), .text(chain?.rawValue ?? "")])
            }
        }
        // The kiosk alone cannot tell: chain and rows agree again.
        #expect(try f.ledger.verifyAudit(from: nil).ok)
        let money = try f.ledger.verifyMoney()
        #expect(money.ok, "\(money.findings)")
        // The head recorded off the kiosk can.
        let since = try f.ledger.verifyAudit(from: recorded)
        #expect(since.firstBad?.sequence == recorded.sequence)
    }

    @Test func aSyntheticLoadMatchesItsChain() throws {
        let f = try LedgerFixture()
        try f.ledger.loadSyntheticPayments(
            count: 50,
            program: LedgerFixture.paper,
            terminal: LedgerFixture.terminal,
            period: f.now.adding(seconds: -86_400)..<f.now,
            by: LedgerFixture.office
        )
        let result = try f.ledger.verifyMoney()
        #expect(result.ok && result.payments == 50 && result.vouchers == 50, "\(result.findings.prefix(3))")
    }
}
