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

    /// The row of an entry, by its chain and its place in it (the same row as its position).
    func row(_ entry: AuditEntry) -> String {
        "chain = '\(entry.chain?.rawValue ?? "")' AND chain_seq = \(entry.sequence)"
    }

    @Test func recordsWhoWhatWhenAndVerifies() throws {
        let f = try ledgerWithHistory()
        let entries = try f.ledger.auditEntries(after: 0, limit: 100)
        // Each chain counts from 1 with no gaps; the log's order only grows.
        for chain in Set(entries.map(\.chain)) {
            let sequences = entries.filter { $0.chain == chain }.map(\.sequence)
            #expect(sequences == Array(1...Int64(sequences.count)))
        }
        #expect(entries.map(\.position) == entries.map(\.position).sorted())
        // A shared ledger records a terminal's payments in the terminal's own chain.
        let payments = entries.filter { $0.action == "payment.confirmed" }
        #expect(payments.count == 3 && payments.allSatisfy { $0.chain == (TestLedgerBackend.isSQLite ? nil : SiteCode("T1")) })
        let payment = try #require(entries.last)
        #expect(payment.action == "payment.confirmed" && payment.actor == "yamada" && payment.role == .staff)
        #expect(payment.peerUID == 1000 && payment.terminal == SiteCode("T1") && payment.at == f.now)
        #expect(payment.detail.contains("\"amount\":1000"))
        let result = try f.ledger.verifyAudit(from: nil)
        #expect(result.ok && result.checked == Int64(entries.count))
        // Incremental: from the checkpoint, with more entries.
        _ = try f.vouchers(1)
        let more = try f.ledger.verifyAudit(from: result.checkpoint)
        let terminalEntries = Int64(entries.filter { $0.chain != nil }.count)
        #expect(more.ok && more.checked == 1 + terminalEntries)
    }

    @Test func namesAnEditedEntry() throws {
        let f = try ledgerWithHistory()
        let target = try #require(try f.ledger.auditEntries(after: 0, limit: 100).filter { $0.detail.contains("1000") }.last)
        try sql(f, "UPDATE audit SET detail = replace(detail, '1000', '9000') WHERE \(row(target))")
        let result = try f.ledger.verifyAudit(from: nil)
        #expect(result.firstBad?.sequence == target.sequence && result.firstBad?.chain == target.chain)
        #expect(result.firstBad?.reason.contains("edited") == true)
    }

    @Test func namesADeletedEntry() throws {
        let f = try ledgerWithHistory()
        let entries = try f.ledger.auditEntries(after: 0, limit: 100)
        // An entry in the middle of its chain.
        let target = try #require(entries.first { entry in entries.contains { $0.chain == entry.chain && $0.sequence == entry.sequence + 1 } && entry.sequence > 1 })
        try sql(f, "DELETE FROM audit WHERE \(row(target))")
        let bad = try f.ledger.verifyAudit(from: nil).firstBad
        #expect(bad?.sequence == target.sequence && bad?.chain == target.chain)
    }

    @Test func namesReorderedEntries() throws {
        let f = try ledgerWithHistory()
        let entries = try f.ledger.auditEntries(after: 0, limit: 100)
        // Two neighbours in one chain swap their places in the log.
        let first = try #require(entries.first { entry in entries.contains { $0.chain == entry.chain && $0.sequence == entry.sequence + 1 } })
        let second = try #require(entries.first { $0.chain == first.chain && $0.sequence == first.sequence + 1 })
        try sql(
            f,
            """
            UPDATE audit SET seq = 100000 WHERE seq = \(first.position); UPDATE audit SET seq = \(first.position) WHERE seq = \(second.position);
            UPDATE audit SET seq = \(second.position) WHERE seq = 100000;
            """
        )
        let result = try f.ledger.verifyAudit(from: nil)
        #expect(result.firstBad?.sequence == first.sequence && result.firstBad?.chain == first.chain)
    }

    @Test func detectsARemovedTailAndAChangedCheckpoint() throws {
        let f = try ledgerWithHistory()
        let good = try f.ledger.verifyAudit(from: nil)
        let last = try #require(good.checkpoint).sequence
        try sql(f, "DELETE FROM audit WHERE chain = '' AND chain_seq = \(last)")
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
