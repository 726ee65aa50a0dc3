import Testing

@testable import Kiosk

/// The hash-chained audit log: what it records and how verify names tampering.
@Suite struct AuditTests {
    func ledgerWithHistory() throws -> LedgerFixture {
        let f = try LedgerFixture()
        let codes = try f.vouchers(3)
        for (index, code) in codes.enumerated() {
            let session = try f.desk.open(
                program: LedgerFixture.paper,
                amount: 1000,
                terminal: LedgerFixture.terminal,
                now: f.now
            )
            _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now)
            _ = try f.desk.confirm(
                session.id,
                idempotencyKey: IdempotencyKey("a\(index)")!,
                by: LedgerFixture.staff,
                now: f.now
            )
        }
        return f
    }

    func sql(_ f: LedgerFixture, _ text: String) throws {
        try f.ledger.read { db throws(LedgerError) in try db.execute(text) }
    }

    @Test func recordsWhoWhatWhenAndVerifies() throws {
        let f = try ledgerWithHistory()
        let entries = try f.ledger.auditEntries(after: 0, limit: 100)
        #expect(entries.map(\.sequence) == Array(1...Int64(entries.count)))
        let payment = try #require(entries.last)
        #expect(payment.action == "payment.confirmed" && payment.actor == "yamada" && payment.role == .staff)
        #expect(payment.peerUID == 1000 && payment.terminal == SiteCode("T1") && payment.at == f.now)
        #expect(payment.detail.contains("\"amount\":1000"))
        let result = try f.ledger.verifyAudit(from: nil)
        #expect(result.ok && result.checked == Int64(entries.count))
        // Incremental: from the checkpoint, with more entries.
        _ = try f.vouchers(1)
        let more = try f.ledger.verifyAudit(from: result.checkpoint)
        #expect(more.ok && more.checked == 1)
    }

    @Test func namesAnEditedEntry() throws {
        let f = try ledgerWithHistory()
        try sql(f, "UPDATE audit SET detail = replace(detail, '1000', '9000') WHERE seq = 8")
        let result = try f.ledger.verifyAudit(from: nil)
        #expect(result.firstBad?.sequence == 8)
        #expect(result.firstBad?.reason.contains("edited") == true)
    }

    @Test func namesADeletedEntry() throws {
        let f = try ledgerWithHistory()
        try sql(f, "DELETE FROM audit WHERE seq = 7")
        #expect(try f.ledger.verifyAudit(from: nil).firstBad?.sequence == 7)
    }

    @Test func namesReorderedEntries() throws {
        let f = try ledgerWithHistory()
        try sql(
            f,
            """
            UPDATE audit SET seq = 1000 WHERE seq = 8; UPDATE audit SET seq = 8 WHERE seq = 9; UPDATE audit SET seq = 9 WHERE seq = 1000;
            """
        )
        let result = try f.ledger.verifyAudit(from: nil)
        #expect(result.firstBad?.sequence == 8)
    }

    @Test func detectsARemovedTailAndAChangedCheckpoint() throws {
        let f = try ledgerWithHistory()
        let good = try f.ledger.verifyAudit(from: nil)
        let last = try #require(good.checkpoint).sequence
        try sql(f, "DELETE FROM audit WHERE seq = \(last)")
        #expect(try f.ledger.verifyAudit(from: nil).firstBad?.sequence == last)
        #expect(try f.ledger.verifyAudit(from: good.checkpoint).firstBad?.sequence == last)
    }

    @Test func verifierWalksEntriesInOrder() {
        let principal = LedgerFixture.staff
        let first = AuditEntry(
            sequence: 1,
            at: Timestamp(rawValue: 1),
            principal: principal,
            action: "a",
            subject: "s",
            detail: "{}",
            previousHash: AuditEntry.genesisHash
        )
        let second = AuditEntry(
            sequence: 2,
            at: Timestamp(rawValue: 2),
            principal: principal,
            action: "b",
            subject: "s",
            detail: "{}",
            previousHash: first.hash
        )
        var verifier = AuditChainVerifier(after: nil)
        #expect(verifier.check(first) && verifier.check(second))
        #expect(verifier.finish(head: AuditCheckpoint(sequence: 2, hash: second.hash)).ok)
        var edited = second
        edited.subject = "t"
        var again = AuditChainVerifier(after: nil)
        #expect(again.check(first) && !again.check(edited))
        #expect(again.finish(head: nil).firstBad?.sequence == 2)
    }
}
