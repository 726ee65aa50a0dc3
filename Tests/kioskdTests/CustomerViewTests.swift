import Foundation
import Kiosk
import TestSupport
import Testing

@testable import kioskd

/// The customer display's state machine, driven with a manual clock: each screen, the ones that
/// end by themselves, the refusal words, and that nothing private is encoded.
@Suite struct CustomerViewTests {
    typealias View = CustomerView<ManualClock>

    let clock = ManualClock()
    let start = Timestamp(rawValue: 1_800_000_000_000_000)
    let program = ProgramCode("KMTPREMIUM")!
    let terminal = SiteCode("T-0001")!

    func paperProgram() -> Program {
        Program(
            code: program,
            number: 1,
            name: "テスト商品券",
            kind: .paper,
            unit: 1000,
            faceValue: 1000,
            maximumPerTransaction: 100_000,
            validFrom: start.adding(seconds: -86_400),
            validUntil: start.adding(seconds: 86_400 * 100),
            redemptionDeadline: start.adding(seconds: 86_400 * 110),
            refundRule: .untilClosing,
            calendar: .semimonthly(
                from: LocalDate(year: 2026, month: 1, day: 1)!,
                through: LocalDate(year: 2028, month: 1, day: 1)!,
                payoutDelay: 10
            )
        )
    }

    func session(amount: Yen = 3000, id: UInt64 = 0xABCD_EF01_2345_6789) throws -> RedemptionSession {
        try RedemptionSession(
            id: SessionID(rawValue: id),
            program: paperProgram(),
            terminal: terminal,
            amount: amount,
            idleSeconds: 120,
            now: start
        )
    }

    func voucher(_ serial: Int64) -> HeldCode {
        HeldCode(code: .voucher(program: program, serial: serial), amount: 1000, balanceBefore: 1000)
    }

    /// The view as the page receives it.
    func page(_ view: View) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? [String: Any])
    }

    @Test func idleShowsHowToPayAndOffersNoButtons() throws {
        let view = View(customerActions: true)
        let shown = try page(view)
        #expect(shown["screen"] as? String == "idle")
        #expect(shown["settle"] as? Bool == false && shown["cancel"] as? Bool == false)
        #expect(shown["notice"] == nil && shown["cue"] == nil)
        #expect(view.nextDeadline == nil)
    }

    @Test func collectingShowsAmountLinesTotalAndMissingWithoutAnythingPrivate() throws {
        var view = View(customerActions: true)
        var open = try session()
        view.sessionChanged(open, now: clock.now)
        var shown = try page(view)
        #expect(shown["screen"] as? String == "collecting")
        #expect(shown["visit"] as? Int == 1)
        #expect(shown["amount"] as? Int == 3000 && shown["total"] as? Int == 0 && shown["missing"] as? Int == 3000)
        #expect(shown["cue"] == nil)  // opening makes no sound
        #expect(shown["settle"] as? Bool == false, "nothing read yet: nothing to settle")
        #expect(shown["cancel"] as? Bool == true)

        _ = try open.present(.voucher(program: program, serial: 123), now: start)
        try open.accept(voucher(123), now: start)
        view.sessionChanged(open, now: clock.now)
        shown = try page(view)
        #expect(shown["cue"] as? String == "read")
        #expect(shown["total"] as? Int == 1000 && shown["missing"] as? Int == 2000)
        let lines = try #require(shown["lines"] as? [[String: Any]])
        #expect(lines.count == 1)
        #expect(lines.first?["code"] as? String == "KMTPREMIUM …0123")
        #expect(lines.first?["amount"] as? Int == 1000)
        #expect(shown["settle"] as? Bool == true)
        #expect(view.visit == 1, "the same session keeps its visit number")

        // Nothing that names the session, the full serial or a payload reaches the page.
        let json = String(decoding: try JSONEncoder().encode(view), as: UTF8.self)
        #expect(!json.contains(open.id.description))
        #expect(!json.contains("00000123"))
        #expect(!json.contains("KQ1"))
        #expect(!json.contains("T-0001"))
    }

    @Test func aRefusalShowsForAFewSecondsOverTheSessionThenGoes() throws {
        var view = View(customerActions: false)
        view.sessionChanged(try session(), now: clock.now)
        view.refused(
            .voucherAlreadySpent(.voucher(program: program, serial: 7), payment: PaymentID(rawValue: 42)),
            now: clock.now
        )
        var shown = try page(view)
        #expect(shown["screen"] as? String == "collecting")
        #expect(shown["cue"] as? String == "refused")
        let notice = try #require(shown["notice"] as? [String: Any])
        #expect(notice["reason"] as? String == "already_used")
        #expect(notice["ja"] as? String == "この券はすでに使用済みです")
        #expect(notice["en"] as? String == "This voucher has already been used.")
        #expect(
            !String(decoding: try JSONEncoder().encode(view), as: UTF8.self).contains("P0"),
            "no payment number of another payment"
        )
        #expect(view.nextDeadline == clock.now.advanced(by: .seconds(4)))

        clock.advance(by: .milliseconds(3999))
        let early = view.tick(now: clock.now)
        #expect(!early)
        #expect(try page(view)["notice"] != nil)
        clock.advance(by: .milliseconds(1))
        let ended = view.tick(now: clock.now)
        #expect(ended)
        shown = try page(view)
        #expect(shown["notice"] == nil && shown["cue"] == nil)
        #expect(shown["screen"] as? String == "collecting", "the session stays on screen")
        #expect(view.nextDeadline == nil)
    }

    @Test(arguments: [
        (
            LedgerError.voucherAlreadySpent(
                .voucher(program: ProgramCode("KMTPREMIUM")!, serial: 1),
                payment: PaymentID(rawValue: 1)
            ), CustomerRefusal.alreadyUsed
        ),
        (.eTicketExpired(.eTicket(program: ProgramCode("KSZSTAR")!, id: 1), expiry: Timestamp(rawValue: 0)), .expired),
        (.eTicketEmpty(.eTicket(program: ProgramCode("KSZSTAR")!, id: 1)), .empty),
        (
            .wrongProgram(.eTicket(program: ProgramCode("KSZSTAR")!, id: 1), session: ProgramCode("KMTPREMIUM")!),
            .notValidHere
        ),
        (.unknownCode(.voucher(program: ProgramCode("KMTPREMIUM")!, serial: 99)), .notValidHere),
        (.noKeyForProgram(ProgramCode("OTHERCITY")!), .notValidHere),
        (.malformedCode(reason: "it does not start with KQ1P or KQ1E"), .unreadableOrForged),
        (.codeCheckFailed, .unreadableOrForged),
        (.eTicketCodeStale(ageSeconds: 600), .oldScreenshot),
        (.codeHeldElsewhere(.voucher(program: ProgramCode("KMTPREMIUM")!, serial: 3)), .heldElsewhere),
        (
            .voucherExceedsAmount(
                .voucher(program: ProgramCode("KMTPREMIUM")!, serial: 3),
                faceValue: 1000,
                missing: 500
            ), .worthMoreThanMissing
        ),
        (.storage(operation: "insert", code: 13, message: "database or disk is full"), .unavailable),
    ])
    func eachRefusalHasPlainWords(error: LedgerError, reason: CustomerRefusal) throws {
        var view = View(customerActions: false)
        view.refused(error, now: clock.now)
        let notice = try #require(try page(view)["notice"] as? [String: Any])
        #expect(notice["reason"] as? String == reason.rawValue)
        let ja = try #require(notice["ja"] as? String)
        let en = try #require(notice["en"] as? String)
        #expect(!ja.isEmpty && !en.isEmpty)
        // The words name no code, serial, payment or program: the message of the error is not shown.
        for secret in ["KMTPREMIUM", "KSZSTAR", "OTHERCITY", "0000", "P0", "KQ1", "database"] {
            #expect(!ja.contains(secret) && !en.contains(secret), "\(reason) shows \(secret)")
        }
    }

    @Test func doneShowsAmountAndPaymentNumberThenIdle() throws {
        var view = View(customerActions: true)
        var open = try session(amount: 1000)
        view.sessionChanged(open, now: clock.now)
        _ = try open.present(.voucher(program: program, serial: 5), now: start)
        try open.accept(voucher(5), now: start)
        _ = try open.linesToConfirm(now: start)
        try open.confirmed(as: PaymentID(rawValue: 42), now: start)
        view.sessionChanged(open, now: clock.now)
        var shown = try page(view)
        #expect(shown["screen"] as? String == "done")
        #expect(shown["cue"] as? String == "done")
        #expect(shown["amount"] as? Int == 1000)
        #expect(shown["payment"] as? String == PaymentID(rawValue: 42).description)
        #expect(view.session(forVisit: 1) == nil, "a paid session takes no button")

        // The payment event of the same payment changes nothing and sounds nothing.
        let payment = Payment(
            id: PaymentID(rawValue: 42),
            at: start,
            program: program,
            store: SiteCode("S-0001")!,
            terminal: terminal,
            operatorName: "system",
            requested: 1000,
            amount: 1000,
            lines: [PaymentLine(code: .voucher(program: program, serial: 5), amount: 1000, balanceAfter: 0)],
            session: open.id,
            idempotencyKey: open.id.confirmationKey,
            refund: nil
        )
        view.paid(payment, now: clock.now)
        shown = try page(view)
        #expect(shown["screen"] as? String == "done" && shown["cue"] == nil)

        clock.advance(by: .seconds(8))
        let ended = view.tick(now: clock.now)
        #expect(ended)
        #expect(try page(view)["screen"] as? String == "idle")
    }

    @Test func aPaymentConfirmedByThePOSEndsTheSessionOnScreen() throws {
        var view = View(customerActions: false)
        var open = try session(amount: 1000)
        _ = try open.present(.voucher(program: program, serial: 5), now: start)
        try open.accept(voucher(5), now: start)
        view.sessionChanged(open, now: clock.now)
        #expect(try page(view)["screen"] as? String == "complete")
        let payment = Payment(
            id: PaymentID(rawValue: 7),
            at: start,
            program: program,
            store: SiteCode("S-0001")!,
            terminal: terminal,
            operatorName: "pos",
            requested: 1000,
            amount: 1000,
            lines: [],
            session: open.id,
            idempotencyKey: open.id.confirmationKey,
            refund: nil
        )
        view.paid(payment, now: clock.now)
        let shown = try page(view)
        #expect(shown["screen"] as? String == "done" && shown["cue"] as? String == "done")
        #expect(!String(decoding: try JSONEncoder().encode(view), as: UTF8.self).contains("pos"), "no operator name")
    }

    @Test func aBalanceShowsWhenIdleHoldsNothingAndEnds() throws {
        var view = View(customerActions: true)
        let balance = CodeBalance(
            code: .eTicket(program: ProgramCode("KSZSTAR")!, id: 12_345_678),
            balance: 4200,
            voucherState: nil,
            spentIn: nil,
            expiry: start,
            held: false
        )
        view.balance(balance, expiry: LocalDate(year: 2027, month: 6, day: 3), now: clock.now)
        let shown = try page(view)
        #expect(shown["screen"] as? String == "balance")
        #expect(shown["cue"] as? String == "read")
        let answer = try #require(shown["balance"] as? [String: Any])
        #expect(answer["code"] as? String == "KSZSTAR …5678")
        #expect(answer["balance"] as? Int == 4200)
        #expect(answer["spent"] as? Bool == false)
        #expect(answer["expiry"] as? String == "2027-06-03")
        #expect(shown["settle"] as? Bool == false && shown["cancel"] as? Bool == false)
        clock.advance(by: .seconds(6))
        let ended = view.tick(now: clock.now)
        #expect(ended)
        #expect(try page(view)["screen"] as? String == "idle")

        // A spent voucher shows as spent.
        let spent = CodeBalance(
            code: .voucher(program: program, serial: 2),
            balance: 0,
            voucherState: .spent,
            spentIn: PaymentID(rawValue: 3),
            expiry: nil,
            held: false
        )
        view.balance(spent, expiry: nil, now: clock.now)
        let spentAnswer = try #require(try page(view)["balance"] as? [String: Any])
        #expect(spentAnswer["spent"] as? Bool == true && spentAnswer["expiry"] == nil)
    }

    @Test func aBalanceArrivingWhileASessionCollectsIsNotShown() throws {
        var view = View(customerActions: true)
        view.sessionChanged(try session(), now: clock.now)
        let balance = CodeBalance(
            code: .voucher(program: program, serial: 2),
            balance: 1000,
            voucherState: .unspent,
            spentIn: nil,
            expiry: nil,
            held: false
        )
        view.balance(balance, expiry: nil, now: clock.now)
        let shown = try page(view)
        #expect(shown["screen"] as? String == "collecting" && shown["cue"] == nil)
    }

    @Test func cancelledAndTimedOutSessionsSaySoThenIdle() throws {
        for (ending, screen) in [(true, "cancelled"), (false, "expired")] {
            var view = View(customerActions: true)
            var open = try session()
            view.sessionChanged(open, now: clock.now)
            if ending {
                try open.abort(now: start)
            } else {
                let expired = open.expireIfIdle(now: start.adding(seconds: 121))
                #expect(expired)
            }
            view.sessionChanged(open, now: clock.now)
            #expect(try page(view)["screen"] as? String == screen)
            #expect(view.session(forVisit: 1) == nil)
            clock.advance(by: .seconds(5))
            let ended = view.tick(now: clock.now)
            #expect(ended)
            #expect(try page(view)["screen"] as? String == "idle")
        }
    }

    @Test func anOlderSessionEndingLeavesTheScreenAlone() throws {
        var view = View(customerActions: true)
        var old = try session(id: 1)
        try old.abort(now: start)
        view.sessionChanged(try session(id: 2), now: clock.now)
        view.sessionChanged(old, now: clock.now)
        #expect(try page(view)["screen"] as? String == "collecting")
    }

    @Test func buttonsActOnlyOnTheSessionTheCustomerSaw() throws {
        var view = View(customerActions: true)
        let first = try session(id: 1)
        view.sessionChanged(first, now: clock.now)
        #expect(view.session(forVisit: 1) == first.id)
        #expect(view.session(forVisit: 0) == nil && view.session(forVisit: 2) == nil)
        var aborted = first
        try aborted.abort(now: start)
        view.sessionChanged(aborted, now: clock.now)
        let second = try session(id: 2)
        view.sessionChanged(second, now: clock.now)
        #expect(view.visit == 2)
        #expect(
            view.session(forVisit: 1) == nil,
            "a press made while the first session showed does not reach the second"
        )
        #expect(view.session(forVisit: 2) == second.id)
    }

    @Test func withoutCustomerActionsThePageOffersNoButtons() throws {
        var view = View(customerActions: false)
        var open = try session()
        _ = try open.present(.voucher(program: program, serial: 1), now: start)
        try open.accept(voucher(1), now: start)
        view.sessionChanged(open, now: clock.now)
        let shown = try page(view)
        #expect(shown["settle"] as? Bool == false && shown["cancel"] as? Bool == false)
    }

    @Test func masksKeepTheProgramAndTheLastFourDigits() {
        #expect(View.masked(.voucher(program: program, serial: 1)) == "KMTPREMIUM …0001")
        #expect(View.masked(.voucher(program: program, serial: 99_999_999)) == "KMTPREMIUM …9999")
        #expect(View.masked(.eTicket(program: ProgramCode("KSZSTAR")!, id: 120_000)) == "KSZSTAR …0000")
    }
}
