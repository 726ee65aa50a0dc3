import Foundation
import TestSupport
import Testing

@testable import Kiosk

/// A shared ledger's audit log: one chain per terminal, so kiosks confirm in parallel, bound into
/// the city's chain by anchors that a rewrite of any terminal's chain cannot get past.
@Suite(.enabled(if: TestLedgerBackend.isPostgreSQL))
struct AuditChainTests {
    let paper = LedgerFixture.paper

    /// Two kiosks (T1, T2) each confirm a payment of one voucher on the fixture's ledger.
    func twoKiosksPaid() throws -> LedgerFixture {
        let f = try LedgerFixture()
        let codes = try f.vouchers(4)
        let other = try f.reopen(terminal: LedgerFixture.otherTerminal)
        let otherDesk = RedemptionDesk(ledger: other, codec: f.codec)
        for (index, (desk, terminal)) in [(f.desk, LedgerFixture.terminal), (otherDesk, LedgerFixture.otherTerminal)].enumerated() {
            for round in 0..<2 {
                let session = try desk.open(program: paper, amount: 1000, terminal: terminal, now: f.now)
                _ = try desk.present(.scanned(codes[index * 2 + round]), to: session.id, by: .system, now: f.now)
                let clerk = Principal(name: "clerk", role: .staff, terminal: terminal)
                _ = try desk.confirm(session.id, idempotencyKey: IdempotencyKey("k\(index)-\(round)")!, by: clerk, now: f.now)
            }
        }
        return f
    }

    func sql(_ f: LedgerFixture, _ text: String, _ values: [SQLValue] = []) throws {
        try f.ledger.read { db throws(LedgerError) in _ = try db.run(text, values) }
    }

    @Test func eachTerminalAppendsToItsOwnChainAndAnAnchorBindsThem() throws {
        let f = try twoKiosksPaid()
        let anchor = try #require(try f.ledger.anchorAuditChains(now: f.now))
        #expect(anchor.heads.keys.sorted() == ["T1", "T2"])
        let entries = try f.ledger.auditEntries(after: 0, limit: 1000)
        #expect(entries.filter { $0.chain == SiteCode("T1") }.map(\.sequence) == [1, 2])
        #expect(entries.filter { $0.chain == SiteCode("T2") }.map(\.sequence) == [1, 2])
        let t2Head = try #require(entries.last { $0.chain == SiteCode("T2") })
        #expect(anchor.heads["T2"] == AuditCheckpoint(sequence: 2, hash: t2Head.hash).text)
        // Nothing moved since: no second anchor. One more payment at T1: only T1 is anchored.
        #expect(try f.ledger.anchorAuditChains(now: f.now) == nil)
        let code = try f.vouchers(1)[0]
        let session = try f.desk.open(program: paper, amount: 1000, terminal: LedgerFixture.terminal, now: f.now)
        _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now)
        _ = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("more")!, by: LedgerFixture.staff, now: f.now)
        #expect(try f.ledger.anchorAuditChains(now: f.now)?.heads.keys.sorted() == ["T1"])
        let verified = try f.ledger.verifyAudit(from: nil)
        #expect(verified.ok, "\(String(describing: verified.firstBad))")
        #expect(verified.checked == Int64(try f.ledger.auditEntries(after: 0, limit: 1000).count))
        #expect(try f.ledger.verifyMoney().ok)
    }

    /// A kiosk remembers its terminal chain's head instead of reading it; when a second writer of
    /// the same chain (here a second ledger of T1) has moved the head meanwhile, the entry after
    /// the remembered head collides with the chain's positions, and the confirm runs again with
    /// the head read: each chain stays one chain, and nothing is refused.
    @Test func aRememberedHeadAnotherWriterMovedCostsARetryNotABrokenChain() throws {
        let f = try LedgerFixture()
        let second = try f.reopen(terminal: LedgerFixture.terminal)
        let desks = [f.desk, RedemptionDesk(ledger: second, codec: f.codec)]
        let codes = try f.vouchers(6)
        for (index, code) in codes.enumerated() {
            let desk = desks[index % 2]
            let session = try desk.open(program: paper, amount: 1000, terminal: LedgerFixture.terminal, now: f.now)
            _ = try desk.present(.scanned(code), to: session.id, by: .system, now: f.now)
            _ = try desk.confirm(session.id, idempotencyKey: IdempotencyKey("k\(index)")!, by: LedgerFixture.staff, now: f.now)
        }
        let chain = try f.ledger.auditEntries(after: 0, limit: 1000).filter { $0.chain == LedgerFixture.terminal }
        #expect(chain.map(\.sequence) == [1, 2, 3, 4, 5, 6])
        #expect(f.ledger.conflictsRetried + second.conflictsRetried >= 4, "each ledger found its remembered head moved")
        let verified = try f.ledger.verifyAudit(from: nil)
        #expect(verified.ok, "\(String(describing: verified.firstBad))")
        #expect(try f.ledger.verifyMoney().ok)
    }

    @Test func aTerminalChainRewrittenWholeIsFoundByItsAnchor() throws {
        let f = try twoKiosksPaid()
        try f.ledger.anchorAuditChains(now: f.now)
        // Someone edits T2's first payment and rewrites T2's whole chain and head to match.
        var chain = try f.ledger.auditEntries(after: 0, limit: 1000).filter { $0.chain == SiteCode("T2") }
        var previous = AuditEntry.genesisHash
        for index in chain.indices {
            if index == 0 { chain[index].detail = chain[index].detail.replacingOccurrences(of: "\"clerk\"", with: "\"mallory\"") }
            chain[index].previousHash = previous
            chain[index].hash = chain[index].computedHash()
            previous = chain[index].hash
            try sql(
                f,
                "UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                [.text(chain[index].detail), .blob(chain[index].previousHash), .blob(chain[index].hash), .integer(chain[index].position)]
            )
        }
        try sql(f, "UPDATE audit_heads SET hash = ? WHERE chain = 'T2'", [.blob(previous)])
        let bad = try #require(try f.ledger.verifyAudit(from: nil).firstBad)
        #expect(bad.chain == SiteCode("T2") && bad.sequence == 2, "\(bad)")
        #expect(bad.reason.contains("rewritten"))
    }

    @Test func anAnchoredEntryRemovedFromTheEndOfItsChainIsFound() throws {
        let f = try twoKiosksPaid()
        try f.ledger.anchorAuditChains(now: f.now)
        // The last entry of T1's chain goes, and the head is set back to match the one before it.
        let entries = try f.ledger.auditEntries(after: 0, limit: 1000).filter { $0.chain == SiteCode("T1") }
        try sql(f, "DELETE FROM audit WHERE chain = 'T1' AND chain_seq = 2")
        try sql(f, "UPDATE audit_heads SET seq = 1, hash = ? WHERE chain = 'T1'", [.blob(entries[0].hash)])
        let bad = try #require(try f.ledger.verifyAudit(from: nil).firstBad)
        #expect(bad.chain == SiteCode("T1") && bad.sequence == 2 && bad.reason.contains("removed"), "\(bad)")
    }
}

/// When a kiosk tries the shared ledger's server again after failing to reach it.
@Suite struct ReconnectBackoffTests {
    @Test func waitsGrowWithJitterUpToTheLongestAndASuccessResetsThem() {
        var backoff = ReconnectBackoff()
        backoff.jitter = { $0.upperBound }  // the longest wait each time
        let second: UInt64 = 1_000_000_000
        var now: UInt64 = 1_000 * second
        #expect(backoff.wait(at: now) == nil)
        // The first failure is tried again at once; then 0.25 s, 0.5 s, 1 s, ... at most 5 s.
        backoff.failed(at: now)
        #expect(backoff.wait(at: now) == nil)
        var waits: [UInt64] = []
        for _ in 0..<8 {
            backoff.failed(at: now)
            let wait = backoff.wait(at: now) ?? 0
            waits.append(wait)
            #expect(backoff.wait(at: now + wait - 1) == 1)
            #expect(backoff.wait(at: now + wait) == nil)
            now += wait
        }
        #expect(waits == [250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000].map { UInt64($0) * 1_000_000 })
        backoff.succeeded()
        backoff.failed(at: now)
        #expect(backoff.wait(at: now) == nil && backoff.failures == 1)
    }

    @Test func theJitterSpreadsKiosksOverTheUpperHalfOfTheWait() {
        var lowest = UInt64.max
        var highest: UInt64 = 0
        for seed in 0..<200 {
            var backoff = ReconnectBackoff()
            var random = SeededRandom(seed: UInt64(seed))
            let draw = random.next()
            backoff.jitter = { range in range.lowerBound + draw % (range.upperBound - range.lowerBound + 1) }
            backoff.failed(at: 0)
            backoff.failed(at: 0)
            backoff.failed(at: 0)  // the third failure: up to 0.5 s
            let wait = backoff.wait(at: 0) ?? 0
            lowest = min(lowest, wait)
            highest = max(highest, wait)
        }
        #expect(lowest >= 250_000_000 && highest <= 500_000_000)
        #expect(highest - lowest > 200_000_000)  // spread, not one instant
    }
}
