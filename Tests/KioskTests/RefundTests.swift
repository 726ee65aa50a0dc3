import Testing

@testable import Kiosk

/// Finding, previewing and refunding payments; the window rule; idempotency.
@Suite struct RefundTests {
    let paper = LedgerFixture.paper
    let kids = LedgerFixture.kids
    let manager = Principal(name: "sato", role: .manager, peerUID: 1001, terminal: SiteCode("T1"))

    func pay(_ f: LedgerFixture, codes: [String], program: ProgramCode, amount: Yen, key: String) throws -> Payment {
        let session = try f.desk.open(program: program, amount: amount, terminal: LedgerFixture.terminal, now: f.now)
        for code in codes { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        if try f.desk.session(session.id, now: f.now).state == .collecting {
            _ = try f.desk.settle(session.id, by: .system, now: f.now)
        }
        return try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey(key)!, by: LedgerFixture.staff, now: f.now)
    }

    @Test func findByIdDateAndAmount() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(6)
        let a = try pay(f, codes: [codes[0]], program: paper, amount: 1000, key: "a")
        f.advance(seconds: 86_400)  // the next day
        let b = try pay(f, codes: [codes[1], codes[2]], program: paper, amount: 2000, key: "b")
        let c = try pay(f, codes: [codes[3]], program: paper, amount: 1000, key: "c")
        let day1 = f.tokyo.localDate(of: a.at)
        let day2 = f.tokyo.localDate(of: b.at)
        #expect(try f.ledger.findPayments(PaymentQuery(id: b.id)).map(\.id) == [b.id])
        #expect(try f.ledger.findPayments(PaymentQuery(date: day1)).map(\.id) == [a.id])
        #expect(try f.ledger.findPayments(PaymentQuery(date: day2)).map(\.id) == [c.id, b.id])
        #expect(try f.ledger.findPayments(PaymentQuery(amount: 1000)).map(\.id) == [c.id, a.id])
        #expect(try f.ledger.findPayments(PaymentQuery(date: day2, amount: 1000)).map(\.id) == [c.id])
        #expect(try f.ledger.findPayments(PaymentQuery(id: a.id, date: day2)).isEmpty)
        #expect(try f.ledger.findPayments(PaymentQuery(date: day2.adding(days: 1))).isEmpty)
        _ = try f.ledger.refund(
            RefundRequest(payment: c.id, idempotencyKey: IdempotencyKey("rc")!, principal: manager, now: f.now)
        )
        #expect(try f.ledger.findPayments(PaymentQuery(date: day2, includeRefunded: false)).map(\.id) == [b.id])
        #expect(throws: LedgerError.invalidQuery(reason: "give a payment id, a date or an amount")) {
            try f.ledger.findPayments(PaymentQuery())
        }
        #expect(throws: LedgerError.invalidQuery(reason: "the limit must be 1 to 1000, got 0")) {
            try f.ledger.findPayments(PaymentQuery(amount: 1000, limit: 0))
        }
        #expect(throws: LedgerError.invalidQuery(reason: "the amount must be more than 0 yen")) {
            try f.ledger.findPayments(PaymentQuery(amount: -5))
        }
    }

    @Test func previewShowsWhatReturnsAndTheBalanceAfter() throws {
        let f = try LedgerFixture()
        let ticket = try f.ticket(balance: 3000)
        let payment = try pay(f, codes: [try f.ticketCode(ticket)], program: kids, amount: 1200, key: "p")
        let preview = try f.ledger.refundPreview(payment.id, for: manager, now: f.now)
        #expect(preview.total == 1200 && preview.allowed)
        #expect(
            preview.lines == [
                .init(code: .eTicket(program: kids, id: ticket), amount: 1200, balanceNow: 1800, balanceAfter: 3000)
            ]
        )
        #expect(preview.windowClosesAt == payment.at.adding(seconds: 24 * 3600))
    }

    @Test func refundRestoresVouchersAndTicketsAndIsIdempotent() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let payment = try pay(f, codes: codes, program: paper, amount: 2000, key: "p1")
        let request = RefundRequest(
            payment: payment.id,
            idempotencyKey: IdempotencyKey("r1")!,
            memo: "お客様の申し出",
            principal: manager,
            now: f.now
        )
        let refund = try f.ledger.refund(request)
        #expect(refund.amount == 2000 && refund.memo == "お客様の申し出" && refund.role == .manager)
        #expect(try f.ledger.balance(of: .voucher(program: paper, serial: 1)).voucherState == .unspent)
        #expect(try f.ledger.payment(payment.id).refund == refund.id)
        #expect(try f.ledger.refund(of: payment.id) == refund)
        let before = try f.fingerprint()
        #expect(try f.ledger.refund(request) == refund)
        #expect(try f.fingerprint() == before)
        try expectRefused(f, .alreadyRefunded(payment.id, refund: refund.id)) { () throws(LedgerError) in
            try f.ledger.refund(
                RefundRequest(
                    payment: payment.id,
                    idempotencyKey: IdempotencyKey("r2")!,
                    principal: manager,
                    now: f.now
                )
            )
        }
        try expectRefused(f, .alreadyRefunded(payment.id, refund: refund.id)) { () throws(LedgerError) in
            try f.ledger.refundPreview(payment.id, for: manager, now: f.now)
        }
        // The vouchers may be used again.
        let again = try pay(f, codes: codes, program: paper, amount: 2000, key: "p2")
        #expect(again.amount == 2000)
        try expectRefused(f, .idempotencyKeyReused(IdempotencyKey("r1")!)) { () throws(LedgerError) in
            try f.ledger.refund(
                RefundRequest(payment: again.id, idempotencyKey: IdempotencyKey("r1")!, principal: manager, now: f.now)
            )
        }
    }

    @Test func untilClosingWindowEndsWithTheClosingDay() throws {
        let f = try LedgerFixture()  // 2026-07-01 10:00 Tokyo; the covering closing is 07-15
        let codes = try f.vouchers(2)
        let payment = try pay(f, codes: [codes[0]], program: paper, amount: 1000, key: "w")
        let closes = f.tokyo.startOfDay(LocalDate(year: 2026, month: 7, day: 16)!)
        #expect(try f.ledger.refundPreview(payment.id, for: manager, now: f.now).windowClosesAt == closes)
        #expect(try f.ledger.refundPreview(payment.id, for: manager, now: closes.adding(seconds: -1)).allowed)
        #expect(try !f.ledger.refundPreview(payment.id, for: manager, now: closes).allowed)
        try expectRefused(f, .refundWindowClosed(payment.id, closedAt: closes)) { () throws(LedgerError) in
            try f.ledger.refund(
                RefundRequest(
                    payment: payment.id,
                    idempotencyKey: IdempotencyKey("late")!,
                    principal: manager,
                    now: closes
                )
            )
        }
        // The program office may refund past the window.
        #expect(try f.ledger.refundPreview(payment.id, for: LedgerFixture.office, now: closes).allowed)
        let refund = try f.ledger.refund(
            RefundRequest(
                payment: payment.id,
                idempotencyKey: IdempotencyKey("office")!,
                principal: LedgerFixture.office,
                now: closes
            )
        )
        #expect(refund.role == .programOffice)
    }

    @Test func hoursWindowEndsTwentyFourHoursAfterPayment() throws {
        let f = try LedgerFixture()
        let ticket = try f.ticket(balance: 1000)
        let payment = try pay(f, codes: [try f.ticketCode(ticket)], program: kids, amount: 500, key: "h")
        let end = payment.at.adding(seconds: 86_400)
        try expectRefused(f, .refundWindowClosed(payment.id, closedAt: end)) { () throws(LedgerError) in
            try f.ledger.refund(
                RefundRequest(payment: payment.id, idempotencyKey: IdempotencyKey("h1")!, principal: manager, now: end)
            )
        }
        _ = try f.ledger.refund(
            RefundRequest(
                payment: payment.id,
                idempotencyKey: IdempotencyKey("h2")!,
                principal: manager,
                now: end.adding(seconds: -1)
            )
        )
        #expect(try f.ledger.balance(of: .eTicket(program: kids, id: ticket)).balance == 1000)
    }

    @Test func badRefundRequestsChangeNothing() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let payment = try pay(f, codes: codes, program: paper, amount: 1000, key: "bad")
        let missing = PaymentID(rawValue: 999)
        try expectRefused(f, .unknownPayment(missing)) { () throws(LedgerError) in
            try f.ledger.refund(
                RefundRequest(payment: missing, idempotencyKey: IdempotencyKey("m")!, principal: manager, now: f.now)
            )
        }
        try expectRefused(f, .unknownPayment(missing)) { () throws(LedgerError) in
            try f.ledger.refundPreview(missing, for: manager, now: f.now)
        }
        try expectRefused(f, .invalidText(field: "memo", reason: "must be at most 200 characters")) {
            () throws(LedgerError) in
            try f.ledger.refund(
                RefundRequest(
                    payment: payment.id,
                    idempotencyKey: IdempotencyKey("long")!,
                    memo: String(repeating: "x", count: 201),
                    principal: manager,
                    now: f.now
                )
            )
        }
        try expectRefused(f, .invalidText(field: "memo", reason: "must not contain control characters")) {
            () throws(LedgerError) in
            try f.ledger.refund(
                RefundRequest(
                    payment: payment.id,
                    idempotencyKey: IdempotencyKey("ctl")!,
                    memo: "a\nb",
                    principal: manager,
                    now: f.now
                )
            )
        }
        #expect(PaymentID("P000000000042") == PaymentID(rawValue: 42))
        #expect(PaymentID("P-1") == nil && PaymentID("0") == nil && PaymentID("") == nil)
        #expect(
            IdempotencyKey("") == nil && IdempotencyKey("has space") == nil
                && IdempotencyKey(String(repeating: "k", count: 101)) == nil
        )
    }
}
