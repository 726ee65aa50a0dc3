import Testing

@testable import Kiosk

/// The unattended kiosk: the desk confirms in the step that completes a session, with the
/// session's own key, so the outcome is one payment or none and can be found after a restart.
@Suite struct AutomaticConfirmTests {
    let t1 = LedgerFixture.terminal
    let paper = LedgerFixture.paper
    let kids = LedgerFixture.kids

    func desk(_ f: LedgerFixture, _ policy: ConfirmationPolicy) -> RedemptionDesk {
        RedemptionDesk(ledger: f.ledger, codec: f.codec, confirmation: policy)
    }

    @Test func theCodeThatCompletesASessionConfirmsItInTheSameStep() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let desk = desk(f, ConfirmationPolicy(mode: .automatic))
        let session = try desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        let first = try desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        #expect(first.payment == nil && first.session.state == .collecting)
        let last = try desk.present(.scanned(codes[1]), to: session.id, by: .system, now: f.now)
        let payment = try #require(last.payment)
        #expect(last.session.state == .confirmed(payment.id) && payment.amount == 2000)
        #expect(payment.idempotencyKey == session.id.confirmationKey)
        // A POS that confirms too, without a key, gets the same payment: paid once.
        #expect(try desk.confirm(session.id, by: LedgerFixture.staff, now: f.now) == payment)
        #expect(try f.ledger.findPayments(PaymentQuery(amount: 2000)).count == 1)
    }

    @Test func settlingWhatWasReadConfirmsToo() throws {
        let f = try LedgerFixture()
        let ticket = try f.ticket(balance: 700)
        let desk = desk(f, ConfirmationPolicy(mode: .automatic))
        let session = try desk.open(program: kids, amount: 2500, terminal: t1, now: f.now)
        #expect(try desk.present(.scanned(try f.ticketCode(ticket)), to: session.id, by: .system, now: f.now).payment == nil)
        let settled = try desk.settle(session.id, by: .system, now: f.now)
        guard case .confirmed(let id) = settled.state else {
            Issue.record("settled but not confirmed: \(settled.state)")
            return
        }
        #expect(try f.ledger.payment(id).amount == 700)
    }

    @Test func aProgramCanBeConfirmedOtherwiseThanTheTerminal() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let desk = desk(f, ConfirmationPolicy(mode: .automatic, programs: [paper: .operator]))
        let session = try desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        let presented = try desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        #expect(presented.payment == nil && presented.session.state == .complete)
        #expect(ConfirmationPolicy(mode: .operator, programs: [kids: .automatic]).mode(for: kids) == .automatic)
    }

    @Test func afterARestartASessionAnswersWithItsPaymentOrThatNothingWasPaid() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let desk = desk(f, ConfirmationPolicy(mode: .automatic))
        let paid = try desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        let payment = try #require(try desk.present(.scanned(codes[0]), to: paid.id, by: .system, now: f.now).payment)
        let unpaid = try desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        _ = try desk.present(.scanned(codes[1]), to: unpaid.id, by: .system, now: f.now)
        // kioskd restarts: a new desk over the ledger opened again knows no session.
        let restarted = RedemptionDesk(ledger: try f.reopen(), codec: f.codec, confirmation: ConfirmationPolicy(mode: .automatic))
        #expect(throws: LedgerError.unknownSession(paid.id)) { try restarted.session(paid.id, now: f.now) }
        #expect(try restarted.outcome(ofGone: paid.id) == payment)
        #expect(throws: LedgerError.sessionGone(unpaid.id)) { try restarted.outcome(ofGone: unpaid.id) }
    }

    @Test func aTerminalHasOneOpenSessionAtATime() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let first = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        try expectRefused(f, .sessionAlreadyOpen(terminal: t1, session: first.id)) { () throws(LedgerError) in
            try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        }
        // Another terminal may; the camera's codes go to the one collecting at the terminal.
        _ = try f.desk.open(program: paper, amount: 1000, terminal: LedgerFixture.otherTerminal, now: f.now)
        #expect(f.desk.collectingSession(at: t1) == first.id)
        #expect(f.desk.openSessions().count == 2)
        // Once complete and confirmed, the terminal is free again.
        _ = try f.desk.present(.scanned(codes[0]), to: first.id, by: .system, now: f.now)
        _ = try f.desk.confirm(first.id, by: LedgerFixture.staff, now: f.now)
        #expect(f.desk.collectingSession(at: t1) == nil)
        _ = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        // An idle session expires when the next one opens.
        f.advance(seconds: 121)
        _ = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
    }

    @Test func theDeskChoosesTheSessionAScanGoesTo() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        guard case .noSessionCollecting = f.desk.presentScanned(codes[0], at: t1, now: f.now) else {
            Issue.record("a scan with no session collecting is held nowhere")
            return
        }
        let other = try f.desk.open(program: paper, amount: 1000, terminal: LedgerFixture.otherTerminal, now: f.now)
        let mine = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        guard case .presented(let session, _, nil) = f.desk.presentScanned(codes[0], at: t1, now: f.now) else {
            Issue.record("the code goes to the session collecting at the camera's terminal")
            return
        }
        #expect(session.id == mine.id && session.total == 1000)
        #expect(try f.desk.session(other.id, now: f.now).total == 0, "never another terminal's session")
        guard case .refused(let refusing, .malformedCode) = f.desk.presentScanned("not a voucher", at: t1, now: f.now) else {
            Issue.record("a bad code is refused by the collecting session")
            return
        }
        let after = try f.desk.session(mine.id, now: f.now)
        #expect(refusing == mine.id && after.total == 1000)
    }
}
