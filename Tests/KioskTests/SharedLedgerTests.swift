import Dispatch
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Kiosk

/// A city's kiosks on one PostgreSQL ledger: holds seen by every kiosk, a voucher spent once
/// however many kiosks race for it, and a server that goes away and comes back.
@Suite(.enabled(if: TestLedgerBackend.isPostgreSQL))
struct SharedLedgerTests {
    let paper = LedgerFixture.paper
    let t1 = LedgerFixture.terminal
    let t2 = LedgerFixture.otherTerminal
    let staff = LedgerFixture.staff

    /// A ledger on a private server (schema `name`) with `vouchers` codes, a session at T1 for all
    /// of them holding the first, and then the server stopped.
    func sessionCutOff(_ name: String, vouchers: Int) throws -> (PrivateCluster, LedgerFixture, [String], RedemptionSession) {
        let cluster = try PrivateCluster()
        let f = try LedgerFixture(place: .schema(conninfo: cluster.conninfo, name: name))
        let codes = try f.vouchers(vouchers)
        let session = try f.desk.open(program: paper, amount: Yen(Int64(vouchers) * 1000), terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        try cluster.stop()
        return (cluster, f, codes, session)
    }

    func kiosk(_ f: LedgerFixture, terminal: SiteCode) throws -> (RelationalLedger, RedemptionDesk) {
        let ledger = try f.reopen(terminal: terminal)
        return (ledger, RedemptionDesk(ledger: ledger, codec: f.codec))
    }

    @Test func oneKiosksHoldIsSeenByAnother() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let (other, otherDesk) = try kiosk(f, terminal: t2)
        let mine = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: mine.id, by: .system, now: f.now)
        let theirs = try otherDesk.open(program: paper, amount: 1000, terminal: t2, now: f.now)
        #expect(throws: LedgerError.codeHeldElsewhere(.voucher(program: paper, serial: 1))) {
            try otherDesk.present(.scanned(codes[0]), to: theirs.id, by: .system, now: f.now)
        }
        #expect(try other.balance(of: .voucher(program: paper, serial: 1)).held)
        _ = try f.desk.confirm(mine.id, idempotencyKey: IdempotencyKey("k1")!, by: staff, now: f.now)
        #expect(throws: LedgerError.voucherAlreadySpent(.voucher(program: paper, serial: 1), payment: PaymentID(rawValue: 1))) {
            try otherDesk.present(.scanned(codes[0]), to: theirs.id, by: .system, now: f.now)
        }
    }

    /// A transaction that changes money commits once its commit is on the server's disk; only a
    /// hold (released when its kiosk starts, found lost at confirm) commits without waiting, and
    /// says so for its own transaction alone.
    @Test func moneyWaitsForTheDiskAndOnlyAHoldDoesNot() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        func setting(durable: Bool) throws -> String? {
            try f.ledger.write(durable: durable) { db throws(LedgerError) in
                try db.first("SHOW synchronous_commit") { $0.text(0) }
            }
        }
        #expect(try setting(durable: true) == "on")
        #expect(try setting(durable: false) == "off")
        let session = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        #expect(try f.ledger.holdCount() == 1)
        #expect(try f.ledger.read { db throws(LedgerError) in try db.first("SHOW synchronous_commit") { $0.text(0) } } == "on")
        #expect(try setting(durable: true) == "on")
        _ = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("d1")!, by: staff, now: f.now)
        #expect(try f.ledger.holdCount() == 0)
    }

    @Test func aRestartingKioskReleasesOnlyItsOwnHolds() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let (_, otherDesk) = try kiosk(f, terminal: t2)
        let mine = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: mine.id, by: .system, now: f.now)
        let theirs = try otherDesk.open(program: paper, amount: 1000, terminal: t2, now: f.now)
        _ = try otherDesk.present(.scanned(codes[1]), to: theirs.id, by: .system, now: f.now)
        let restarted = try f.reopen(terminal: t1)
        #expect(restarted.holdsReleasedAtOpen == 1)
        #expect(try restarted.holdCount() == 1)
        let payment = try otherDesk.confirm(theirs.id, idempotencyKey: IdempotencyKey("t2")!, by: staff, now: f.now)
        #expect(payment.amount == 1000)
    }

    @Test func eachKioskDeliversItsOwnTerminalsEvents() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let (other, otherDesk) = try kiosk(f, terminal: t2)
        let mine = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: mine.id, by: .system, now: f.now)
        let paidHere = try f.desk.confirm(mine.id, idempotencyKey: IdempotencyKey("here")!, by: staff, now: f.now)
        let theirs = try otherDesk.open(program: paper, amount: 1000, terminal: t2, now: f.now)
        _ = try otherDesk.present(.scanned(codes[1]), to: theirs.id, by: .system, now: f.now)
        _ = try otherDesk.confirm(theirs.id, idempotencyKey: IdempotencyKey("there")!, by: staff, now: f.now)
        // Refunded at the other kiosk: still an event of the terminal where it was paid.
        _ = try other.refund(
            RefundRequest(payment: paidHere.id, idempotencyKey: IdempotencyKey("r")!, principal: LedgerFixture.office, now: f.now)
        )
        let here = try f.ledger.dueOutboxEvents(now: f.now, limit: 10)
        let there = try other.dueOutboxEvents(now: f.now, limit: 10)
        #expect(here.map(\.kind) == ["payment.confirmed", "payment.refunded"])
        #expect(there.map(\.kind) == ["payment.confirmed"])
        #expect(here.allSatisfy { $0.payload.contains(#""terminal":"T1""#) }, "\(here.map(\.payload))")
        #expect(there.allSatisfy { $0.payload.contains(#""terminal":"T2""#) }, "\(there.map(\.payload))")
        #expect(try f.ledger.outboxStatus().pending == 2 && other.outboxStatus().pending == 1)
        // A tool that is no kiosk sees every event.
        let tool = try f.reopen(terminal: nil)
        #expect(try tool.dueOutboxEvents(now: f.now, limit: 10).count == 3)
    }

    @Test func eightKiosksRacingForOnePoolSpendEachVoucherOnce() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(24)
        let kiosks = try (0..<8).map { index in try kiosk(f, terminal: index % 2 == 0 ? t1 : t2) }
        let now = f.now
        let payments = Mutex<[Payment]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: kiosks.count) { index in
            let (_, desk) = kiosks[index]
            let terminal = index % 2 == 0 ? t1 : t2
            // Every kiosk tries every voucher, each in its own order, so they collide all the time.
            for step in 0..<codes.count {
                let code = codes[(step * 5 + index * 3) % codes.count]
                do throws(LedgerError) {
                    let session = try desk.open(program: paper, amount: 1000, terminal: terminal, now: now)
                    do throws(LedgerError) {
                        _ = try desk.present(.scanned(code), to: session.id, by: .system, now: now)
                    } catch {
                        _ = try desk.abort(session.id, now: now)
                        switch error {
                        case .codeHeldElsewhere, .voucherAlreadySpent: continue
                        default: throw error
                        }
                    }
                    let key = IdempotencyKey("k\(index)-\(step)")!
                    let payment = try desk.confirm(session.id, idempotencyKey: key, by: staff, now: now)
                    payments.withLock { $0.append(payment) }
                } catch {
                    failures.withLock { $0.append("kiosk \(index): \(error.message)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let made = payments.withLock { $0 }
        let spent = made.flatMap { $0.lines.map(\.code) }
        #expect(made.count == codes.count)
        #expect(Set(spent).count == spent.count, "a voucher in two payments")
        let report = try f.ledger.consistency()
        #expect(report.ok, "\(report.violations)")
        #expect(report.payments == codes.count && report.paid == Yen(Int64(codes.count) * 1000))
    }

    @Test func twoKiosksConfirmingOneHoldAtOnceMakeOnePayment() throws {
        let f = try LedgerFixture()
        _ = try f.vouchers(12)
        let kiosks = try (0..<2).map { index in try kiosk(f, terminal: index == 0 ? t1 : t2) }
        let now = f.now
        for serial in Int64(1)...12 {
            let session = SessionID(rawValue: UInt64(1000 + serial))
            let held = try f.ledger.hold(
                .voucher(program: paper, serial: serial),
                session: session,
                terminal: t1,
                limit: 1000,
                now: now
            )
            let outcomes = Mutex<[Result<Payment, LedgerError>]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let request = ConfirmRequest(
                    idempotencyKey: IdempotencyKey("s\(serial)-k\(index)")!,
                    session: session,
                    program: paper,
                    requested: 1000,
                    lines: [held],
                    terminal: t1,
                    principal: staff,
                    now: now
                )
                let outcome = Result { () throws(LedgerError) in try kiosks[index].0.confirm(request) }
                outcomes.withLock { $0.append(outcome) }
            }
            let results = outcomes.withLock { $0 }
            let paid = results.compactMap { try? $0.get() }
            #expect(paid.count == 1, "voucher \(serial): \(results)")
            for case .failure(let error) in results {
                #expect(error == .holdLost(.voucher(program: paper, serial: serial)))
            }
        }
        #expect(try f.ledger.consistency().payments == 12)
    }

    /// The connection breaks inside COMMIT (a deferred trigger ends the server's session as the
    /// commit runs, so the payment is not recorded): the kiosk cannot know, says so, and the same
    /// confirm repeated with the same key records it once.
    @Test func aConfirmCutOffWhileCommittingIsUnknownAndRepeatingItRecordsItOnce() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let session = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        try f.ledger.read { db throws(LedgerError) in
            try db.execute(
                """
                CREATE FUNCTION cut_off() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER cut_off AFTER INSERT ON payments
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cut_off();
                """
            )
        }
        let key = IdempotencyKey("cut")!
        #expect {
            try f.desk.confirm(session.id, idempotencyKey: key, by: staff, now: f.now)
        } throws: { error in
            guard case .outcomeUnknown = error as? LedgerError else { return false }
            return (error as? LedgerError)?.message.contains("Repeat the same request") == true
        }
        try f.ledger.read { db throws(LedgerError) in try db.execute("DROP TRIGGER cut_off ON payments") }
        let payment = try f.desk.confirm(session.id, idempotencyKey: key, by: staff, now: f.now)
        #expect(try f.desk.confirm(session.id, idempotencyKey: key, by: staff, now: f.now) == payment)
        let report = try f.ledger.consistency()
        #expect(report.ok && report.payments == 1 && report.paid == 1000, "\(report)")
    }

    @Test func anAbortRefusedWhileTheServerIsAwayLeavesTheSessionOpenToAbortAgain() throws {
        let (cluster, f, _, session) = try sessionCutOff("abort_outage", vouchers: 1)
        #expect(throws: LedgerError.self) { try f.desk.abort(session.id, now: f.now) }
        #expect(try f.desk.session(session.id, now: f.now).state == .complete)  // not aborted
        try cluster.start()
        // Repeated, the abort releases the code for every other kiosk.
        #expect(try f.desk.abort(session.id, now: f.now).state == .aborted)
        #expect(try f.ledger.holdCount() == 0)
    }

    @Test func theServerGoingAwayIsAClearErrorAndTheKioskReconnects() throws {
        let (cluster, f, codes, session) = try sessionCutOff("outage", vouchers: 2)
        for attempt in 0..<2 {
            do {
                _ = try f.desk.present(.scanned(codes[1]), to: session.id, by: .system, now: f.now)
                Issue.record("attempt \(attempt): a present went through with the server stopped")
            } catch {
                guard case .unreachable = error else {
                    Issue.record("attempt \(attempt): \(error)")
                    continue
                }
                #expect(error.message.contains("nothing was changed"))
            }
        }
        try cluster.start()
        // The same kiosk, without a restart: the next request reconnects; the hold taken before
        // the outage is still there.
        _ = try f.desk.present(.scanned(codes[1]), to: session.id, by: .system, now: f.now)
        let payment = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("after")!, by: staff, now: f.now)
        #expect(payment.amount == 2000 && payment.lines.count == 2)
        let report = try f.ledger.consistency()
        #expect(report.ok && report.payments == 1 && report.holds == 0, "\(report)")
    }
}
