import Foundation
import Testing

@testable import Kiosk

/// A shared ledger confirms a payment of paper vouchers in one round trip to its server: the
/// payment under a number the kiosk reserved, checked on the server, with the rest of the confirm
/// and its COMMIT. What the server refuses is confirmed again the long way, which names it.
@Suite(.enabled(if: TestLedgerBackend.isPostgreSQL))
struct OneRoundTripConfirmTests {
    let paper = LedgerFixture.paper
    let staff = LedgerFixture.staff
    let t1 = LedgerFixture.terminal

    /// Requests this ledger's connection has sent and waited on.
    func roundTrips(_ ledger: RelationalLedger) throws -> Int {
        try ledger.read { db throws(LedgerError) in (db as? PostgreSQLConnection)?.roundTrips ?? -1 }
    }

    /// Opens a session of `codes` on `desk` and confirms it with `key`.
    func pay(_ f: LedgerFixture, _ desk: RedemptionDesk, _ codes: [String], key: String, terminal: SiteCode = LedgerFixture.terminal)
        throws -> Payment
    {
        let session = try desk.open(program: paper, amount: Yen(Int64(codes.count) * 1000), terminal: terminal, now: f.now)
        for code in codes { _ = try desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        let clerk = Principal(name: "clerk", role: .staff, terminal: terminal)
        return try desk.confirm(session.id, idempotencyKey: IdempotencyKey(key)!, by: clerk, now: f.now)
    }

    @Test func aPaperConfirmIsOneRoundTrip() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(4)
        // The first confirm reserves payment numbers and reads its chain's head; later ones need neither.
        let first = try pay(f, f.desk, [codes[0], codes[1]], key: "first")
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        for code in codes[2...] { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        let before = try roundTrips(f.ledger)
        let second = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("second")!, by: staff, now: f.now)
        #expect(try roundTrips(f.ledger) - before == 1)
        #expect(second.id.rawValue == first.id.rawValue + 1)
        #expect(second.amount == 2000 && second.lines.map(\.code) == [3, 4].map { .voucher(program: paper, serial: $0) })
        #expect(try f.ledger.payment(second.id) == second)
        for serial in 3...4 {
            #expect(try f.ledger.balance(of: .voucher(program: paper, serial: Int64(serial))).spentIn == second.id)
        }
        #expect(try f.ledger.holdCount() == 0)
        #expect(try f.ledger.verifyAudit(from: nil).ok)
        #expect(try f.ledger.verifyMoney().ok)
    }

    @Test func aConfirmTheServerRefusesChangesNothingAndItsNumberGoesToTheNext() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(4)
        let first = try pay(f, f.desk, [codes[0]], key: "first")
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        for code in codes[1...2] { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        // Voucher 3 is spent behind the kiosk's back: the server's check refuses, the long way names it.
        try f.ledger.read { db throws(LedgerError) in
            _ = try db.run(
                "UPDATE vouchers SET state = 'spent', payment = ? WHERE program = ? AND serial = 3",
                [.integer(first.id.rawValue), .text(paper.rawValue)]
            )
        }
        #expect(throws: LedgerError.holdLost(.voucher(program: paper, serial: 3))) {
            try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("refused")!, by: staff, now: f.now)
        }
        #expect(try f.ledger.balance(of: .voucher(program: paper, serial: 2)).voucherState == .unspent)
        #expect(try f.ledger.holdCount() == 2)
        #expect(try f.ledger.payment(idempotencyKey: IdempotencyKey("refused")!) == nil)
        _ = try f.desk.abort(session.id, now: f.now)
        let next = try pay(f, f.desk, [codes[3]], key: "next")
        #expect(next.id.rawValue == first.id.rawValue + 1, "the refused confirm's number is the next payment's")
    }

    @Test func aRepeatedConfirmAnswersWithTheFirstPaymentAndUsesNoNumber() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let session = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        let request = ConfirmRequest(
            idempotencyKey: IdempotencyKey("once")!, session: session.id, program: paper, requested: 1000,
            lines: try f.desk.session(session.id, now: f.now).lines, terminal: t1, principal: staff, now: f.now
        )
        let first = try f.ledger.confirm(request)
        // The answer was lost; the point of sale sends the same confirm again.
        #expect(try f.ledger.confirm(request) == first)
        let next = try pay(f, f.desk, [codes[1]], key: "next", terminal: LedgerFixture.otherTerminal)
        #expect(next.id.rawValue == first.id.rawValue + 1)
        #expect(try f.ledger.verifyMoney().ok)
    }

    @Test func kiosksNumberTheirPaymentsInOrderAndNeverTheSame() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(24)
        let other = try f.reopen(terminal: LedgerFixture.otherTerminal)
        let otherDesk = RedemptionDesk(ledger: other, codec: f.codec)
        var numbers: [SiteCode: [Int64]] = [:]
        for (index, code) in codes.enumerated() {
            let (desk, terminal) = index % 3 == 0 ? (otherDesk, LedgerFixture.otherTerminal) : (f.desk, t1)
            numbers[terminal, default: []].append(try pay(f, desk, [code], key: "k\(index)", terminal: terminal).id.rawValue)
        }
        for (_, kiosk) in numbers { #expect(kiosk == kiosk.sorted()) }
        let all = numbers.values.flatMap { $0 }
        #expect(Set(all).count == codes.count)
        #expect(try f.ledger.verifyMoney().ok)
        #expect(try f.ledger.verifyAudit(from: nil).ok)
    }
}
