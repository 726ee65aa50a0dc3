import CodeCrypto
import Testing

@testable import Kiosk

/// Sessions through the desk and the SQLite ledger: holds, confirm, idempotency, bad input.
@Suite struct RedemptionDeskTests {
    let t1 = LedgerFixture.terminal
    let t2 = LedgerFixture.otherTerminal
    let paper = LedgerFixture.paper
    let kids = LedgerFixture.kids
    let staff = LedgerFixture.staff

    @Test func paperFlowAsIn002Section3() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(4)
        let session = try f.desk.open(program: paper, amount: 4000, terminal: t1, now: f.now)
        var state = session
        for (index, code) in codes.enumerated() {
            f.advance(seconds: 5)
            state = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now).session
            #expect(state.total == Yen(Int64(index + 1) * 1000))
            #expect(state.missing == Yen(Int64(3 - index) * 1000))
            #expect(state.state == (index < 3 ? .collecting : .complete))
        }
        #expect(try f.ledger.holdCount() == 4)
        let key = IdempotencyKey("pos-0001")!
        let payment = try f.desk.confirm(session.id, idempotencyKey: key, by: staff, now: f.now)
        #expect(payment.amount == 4000 && payment.requested == 4000 && payment.lines.count == 4)
        #expect(payment.store == SiteCode("S1") && payment.terminal == t1 && payment.operatorName == "yamada")
        #expect(try f.ledger.holdCount() == 0)
        #expect(try f.desk.session(session.id, now: f.now).state == .confirmed(payment.id))
        for serial in 1...4 {
            let balance = try f.ledger.balance(of: .voucher(program: paper, serial: Int64(serial)))
            #expect(balance.voucherState == .spent && balance.balance == .zero && balance.spentIn == payment.id)
        }
        #expect(try f.ledger.payment(payment.id) == payment)
        // Retried confirm: the same payment, nothing new.
        let before = try f.fingerprint()
        #expect(try f.desk.confirm(session.id, idempotencyKey: key, by: staff, now: f.now) == payment)
        #expect(
            try f.ledger.confirm(
                ConfirmRequest(
                    idempotencyKey: key,
                    session: session.id,
                    program: paper,
                    requested: 4000,
                    lines: state.lines,
                    terminal: t1,
                    principal: staff,
                    now: f.now
                )
            ) == payment
        )
        #expect(try f.fingerprint() == before)
        // A spent voucher in a new session.
        let next = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        try expectRefused(f, .voucherAlreadySpent(.voucher(program: paper, serial: 1), payment: payment.id)) {
            () throws(LedgerError) in try f.desk.present(.scanned(codes[0]), to: next.id, by: .system, now: f.now)
        }
    }

    @Test func closedSessionsAreForgottenAfterAnHour() throws {
        let f = try LedgerFixture()
        let old = try f.desk.open(program: LedgerFixture.paper, amount: 1000, terminal: LedgerFixture.terminal, now: f.now)
        _ = try f.desk.abort(old.id, now: f.now)
        f.advance(seconds: 1800)
        let recent = try f.desk.open(program: LedgerFixture.paper, amount: 1000, terminal: LedgerFixture.terminal, now: f.now)
        _ = try f.desk.abort(recent.id, now: f.now)
        #expect(try f.desk.session(old.id, now: f.now).state == .aborted)  // kept for status queries
        f.advance(seconds: 1801)
        _ = try f.desk.open(program: LedgerFixture.paper, amount: 1000, terminal: LedgerFixture.terminal, now: f.now)
        #expect(throws: LedgerError.unknownSession(old.id)) { try f.desk.session(old.id, now: f.now) }
        #expect(try f.desk.session(recent.id, now: f.now).state == .aborted)
    }

    @Test func sameCodeTwiceCountsOnce() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        let again = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        #expect(again.session.total == 1000 && again.session.lines.count == 1)
        let typed = try f.codec.voucherTypedCode(program: paper, serial: 1)
        #expect(try f.desk.present(.typed(typed), to: session.id, by: .system, now: f.now).session.total == 1000)
    }

    @Test func holdsAreVisibleToOtherSessionsAndReleasedByAbort() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let first = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        let second = try f.desk.open(program: paper, amount: 2000, terminal: t2, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: first.id, by: .system, now: f.now)
        let code = CodeReference.voucher(program: paper, serial: 1)
        try expectRefused(f, .codeHeldElsewhere(code)) { () throws(LedgerError) in
            try f.desk.present(.scanned(codes[0]), to: second.id, by: .system, now: f.now)
        }
        #expect(try f.desk.inquire(.scanned(codes[0]), terminal: t2, by: .system, now: f.now).held)
        #expect(try f.desk.abort(first.id, now: f.now).state == .aborted)
        #expect(try f.ledger.holdCount() == 0)
        #expect(try f.desk.present(.scanned(codes[0]), to: second.id, by: .system, now: f.now).session.total == 1000)
    }

    @Test func voucherExceedingTheMissingAmountIsRefusedWithNoChange() throws {
        let f = try LedgerFixture()
        var big = LedgerFixture.paperProgram(.tokyo)
        big.code = ProgramCode("BIG")!
        big.number = 3
        big.faceValue = 5000
        try f.ledger.createProgram(big, by: LedgerFixture.office, now: f.now)
        let desk = RedemptionDesk(
            ledger: f.ledger,
            codec: VoucherCodec(keys: [
                ProgramKey(program: big.code, number: 3, secret: Array("big-secret-0123456789".utf8))!
            ])
        )
        _ = try f.ledger.issueVouchers(program: big.code, count: 1, by: LedgerFixture.office, now: f.now)
        let code = try desk.codec.voucherPayload(program: big.code, serial: 1)
        let session = try desk.open(program: big.code, amount: 3000, terminal: t1, now: f.now)
        try expectRefused(
            f,
            .voucherExceedsAmount(.voucher(program: big.code, serial: 1), faceValue: 5000, missing: 3000)
        ) {
            () throws(LedgerError) in try desk.present(.scanned(code), to: session.id, by: .system, now: f.now)
        }
        #expect(try desk.session(session.id, now: f.now).lines.isEmpty)
    }

    @Test func eTicketsSpendPartOfTheirBalanceAndCombine() throws {
        let f = try LedgerFixture()
        let a = try f.ticket(balance: 1800)
        let b = try f.ticket(balance: 5000)
        let session = try f.desk.open(program: kids, amount: 2500, terminal: t1, now: f.now)
        let first = try f.desk.present(.scanned(try f.ticketCode(a)), to: session.id, by: .system, now: f.now)
        #expect(first.line.amount == 1800 && first.session.missing == 700)
        let second = try f.desk.present(
            .typed(try f.codec.eTicketTypedCode(program: kids, id: b, at: f.now)),
            to: session.id,
            by: .system,
            now: f.now
        )
        #expect(second.line.amount == 700 && second.session.state == .complete)
        let payment = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("k-2")!, by: staff, now: f.now)
        #expect(payment.lines.map(\.balanceAfter) == [0, 4300])
        #expect(try f.ledger.balance(of: .eTicket(program: kids, id: a)).balance == 0)
        #expect(try f.ledger.balance(of: .eTicket(program: kids, id: b)).balance == 4300)
        let next = try f.desk.open(program: kids, amount: 100, terminal: t1, now: f.now)
        try expectRefused(f, .eTicketEmpty(.eTicket(program: kids, id: a))) { () throws(LedgerError) in
            try f.desk.present(.scanned(try! f.ticketCode(a)), to: next.id, by: .system, now: f.now)
        }
    }

    @Test func expiredETicketAndStaleScreenshotAreRefused() throws {
        let f = try LedgerFixture()
        let id = try f.ledger.issueETicket(
            program: kids,
            balance: 1000,
            expiry: f.now.adding(seconds: 60),
            by: LedgerFixture.office,
            now: f.now
        )
        let screenshot = try f.ticketCode(id)
        let session = try f.desk.open(program: kids, amount: 500, terminal: t1, now: f.now)
        f.advance(seconds: 95)
        try expectRefused(f, .eTicketCodeStale(ageSeconds: 95 + (f.now.unixSeconds - 95) % 30)) {
            () throws(LedgerError) in
            try f.desk.present(.scanned(screenshot), to: session.id, by: .system, now: f.now)
        }
        try expectRefused(f, .eTicketExpired(.eTicket(program: kids, id: id), expiry: f.now.adding(seconds: -35))) {
            () throws(LedgerError) in try f.desk.present(.scanned(try! f.ticketCode(id)), to: session.id, by: .system, now: f.now)
        }
    }

    @Test func settleWhatWasReadPaysTheTotalRead() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let session = try f.desk.open(program: paper, amount: 100_000, terminal: t1, now: f.now)
        for code in codes { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        try expectRefused(f, .invalidTransition(session.id, state: "collecting", action: "confirm")) {
            () throws(LedgerError) in
            try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("x")!, by: staff, now: f.now)
        }
        #expect(try f.desk.settle(session.id, by: .system, now: f.now).state == .complete)
        let payment = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("x")!, by: staff, now: f.now)
        #expect(payment.amount == 2000 && payment.requested == 100_000)
    }

    @Test func idleSessionExpiresAndReleasesItsCodes() throws {
        let f = try LedgerFixture(idleSeconds: 60)
        let codes = try f.vouchers(2)
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        f.advance(seconds: 61)
        #expect(try f.desk.expireIdle(now: f.now) == [session.id])
        #expect(try f.ledger.holdCount() == 0)
        try expectRefused(f, .sessionExpired(session.id)) { () throws(LedgerError) in
            try f.desk.present(.scanned(codes[1]), to: session.id, by: .system, now: f.now)
        }
        // Expiry found by a late call instead of the sweep also releases.
        let other = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: other.id, by: .system, now: f.now)
        f.advance(seconds: 120)
        #expect(throws: LedgerError.sessionExpired(other.id)) { try f.desk.settle(other.id, by: .system, now: f.now) }
        #expect(try f.ledger.holdCount() == 0)
    }

    @Test func badInputChangesNothing() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        try expectRefused(f, .amountNotPositive(-1000)) { () throws(LedgerError) in
            try f.desk.open(program: paper, amount: -1000, terminal: t1, now: f.now)
        }
        try expectRefused(f, .amountNotMultipleOfUnit(2500, unit: 1000)) { () throws(LedgerError) in
            try f.desk.open(program: paper, amount: 2500, terminal: t1, now: f.now)
        }
        try expectRefused(f, .amountOverMaximum(200_000, maximum: 100_000)) { () throws(LedgerError) in
            try f.desk.open(program: paper, amount: 200_000, terminal: t1, now: f.now)
        }
        try expectRefused(f, .unknownProgram(ProgramCode("NOPE")!)) { () throws(LedgerError) in
            try f.desk.open(program: ProgramCode("NOPE")!, amount: 1000, terminal: t1, now: f.now)
        }
        try expectRefused(f, .unknownSite(kind: "terminal", code: SiteCode("T9")!)) { () throws(LedgerError) in
            try f.desk.open(program: paper, amount: 1000, terminal: SiteCode("T9")!, now: f.now)
        }
        let session = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        try expectRefused(f, .malformedCode(reason: "it does not start with KQ1P or KQ1E")) { () throws(LedgerError) in
            try f.desk.present(.scanned("hello"), to: session.id, by: .system, now: f.now)
        }
        var edited = Array(codes[0])
        edited[edited.count - 1] = edited.last == "A" ? "B" : "A"
        try expectRefused(f, .codeCheckFailed) { () throws(LedgerError) in
            try f.desk.present(.scanned(String(edited)), to: session.id, by: .system, now: f.now)
        }
        let unissued = try f.codec.voucherPayload(program: paper, serial: 999)
        try expectRefused(f, .unknownCode(.voucher(program: paper, serial: 999))) { () throws(LedgerError) in
            try f.desk.present(.scanned(unissued), to: session.id, by: .system, now: f.now)
        }
        let ticketCode = try f.codec.eTicketPayload(program: kids, id: 1, at: f.now)
        try expectRefused(f, .wrongProgram(.eTicket(program: kids, id: 1), session: paper)) { () throws(LedgerError) in
            try f.desk.present(.scanned(ticketCode), to: session.id, by: .system, now: f.now)
        }
        let unknown = SessionID(rawValue: 12345)
        try expectRefused(f, .unknownSession(unknown)) { () throws(LedgerError) in
            try f.desk.present(.scanned(codes[0]), to: unknown, by: .system, now: f.now)
        }
        try expectRefused(f, .unknownSession(unknown)) { () throws(LedgerError) in try f.desk.abort(unknown, now: f.now)
        }
        try expectRefused(f, .nothingToSettle(session.id)) { () throws(LedgerError) in
            try f.desk.settle(session.id, by: .system, now: f.now)
        }
        _ = try f.desk.abort(session.id, now: f.now)
        try expectRefused(f, .invalidTransition(session.id, state: "aborted", action: "read a code")) {
            () throws(LedgerError) in
            try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        }
        try expectRefused(f, .invalidTransition(session.id, state: "aborted", action: "abort")) {
            () throws(LedgerError) in
            try f.desk.abort(session.id, now: f.now)
        }
        try expectRefused(f, .invalidTransition(session.id, state: "aborted", action: "confirm")) {
            () throws(LedgerError) in
            try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("z")!, by: staff, now: f.now)
        }
        // Closed program: before validity.
        let early = LedgerFixture.paperProgram(.tokyo).validFrom.adding(seconds: -1)
        try expectRefused(
            f,
            .programNotActive(
                paper,
                from: LedgerFixture.paperProgram(.tokyo).validFrom,
                until: LedgerFixture.paperProgram(.tokyo).validUntil
            )
        ) { () throws(LedgerError) in try f.desk.open(program: paper, amount: 1000, terminal: t1, now: early) }
    }

    /// A typed code of a voucher with its keyed digits changed and a correct check digit: a guess.
    static func guess(_ good: String, _ attempt: Int) -> String {
        var digits = Array(good.prefix(18))
        let keyed = (Int(String(digits[12..<18]))! + 1 + attempt) % 1_000_000
        let text = String(keyed)
        digits.replaceSubrange(12..<18, with: Array(String(repeating: "0", count: 6 - text.count) + text))
        let prefix = String(digits)
        return prefix + String(DammCheckDigit.digit(for: prefix)!)
    }

    @Test func typedCodesAreRateLimitedPerTerminalAndLogin() throws {
        let f = try LedgerFixture()
        _ = try f.vouchers(1)
        let good = try f.codec.voucherTypedCode(program: paper, serial: 1)
        let session = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        // Typing slips (a wrong check digit) are not guesses and never lock.
        var slip = Array(good)
        slip[14] = slip[14] == "0" ? "1" : "0"
        for _ in 0..<20 {
            try expectRefused(f, .typedCodeCheckDigitWrong) { () throws(LedgerError) in
                try f.desk.present(.typed(String(slip)), to: session.id, by: staff, now: f.now)
            }
        }
        for attempt in 0..<5 {
            try expectRefused(f, .codeCheckFailed) { () throws(LedgerError) in
                try f.desk.present(.typed(Self.guess(good, attempt)), to: session.id, by: staff, now: f.now)
            }
        }
        let until = f.now.adding(seconds: 600)
        try expectRefused(f, .typedCodeRateLimited(scope: .terminal(t1), until: until)) { () throws(LedgerError) in
            try f.desk.present(.typed(good), to: session.id, by: staff, now: f.now)
        }
        // The same login is locked at the other terminal; another login there may type; scanning works.
        try expectRefused(f, .typedCodeRateLimited(scope: .login(staff.name), until: until)) { () throws(LedgerError) in
            try f.desk.inquire(.typed(good), terminal: t2, by: staff, now: f.now)
        }
        #expect(try f.desk.inquire(.typed(good), terminal: t2, by: LedgerFixture.office, now: f.now).balance == 1000)
        #expect(try f.desk.inquire(.scanned(try f.codec.voucherPayload(program: paper, serial: 1)), terminal: t1, by: staff, now: f.now).balance == 1000)
        f.advance(seconds: 601)
        let later = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        #expect(try f.desk.present(.typed(good), to: later.id, by: staff, now: f.now).session.state == .complete)
    }

    @Test func theTypedCodeLimitSurvivesARestart() throws {
        let f = try LedgerFixture()
        _ = try f.vouchers(1)
        let good = try f.codec.voucherTypedCode(program: paper, serial: 1)
        for attempt in 0..<5 {
            try expectRefused(f, .codeCheckFailed) { () throws(LedgerError) in
                try f.desk.inquire(.typed(Self.guess(good, attempt)), terminal: t1, by: staff, now: f.now)
            }
        }
        // A restarted kiosk: the ledger opened again and a new desk over it.
        let restarted = RedemptionDesk(ledger: try f.reopen(), codec: f.codec)
        f.advance(seconds: 30)
        #expect(throws: LedgerError.typedCodeRateLimited(scope: .terminal(t1), until: f.now.adding(seconds: 570))) {
            try restarted.inquire(.typed(good), terminal: t1, by: LedgerFixture.office, now: f.now)
        }
    }

    /// The attack that beat the old limiter: four guesses, then one valid code to clear the count,
    /// repeated as fast as the kiosk answers, for thirty days of the kiosk's clock.
    @Test func guessingBetweenValidCodesStaysWithinTheDailyBudget() throws {
        let f = try LedgerFixture()
        _ = try f.vouchers(1)
        let good = try f.codec.voucherTypedCode(program: paper, serial: 1)
        let end = f.now.adding(seconds: 30 * 86_400)
        var guesses = 0
        var refusals = 0
        var attempt = 0
        while f.now < end {
            let code = attempt % 5 == 4 ? good : Self.guess(good, attempt)
            attempt += 1
            do throws(LedgerError) {
                _ = try f.desk.inquire(.typed(code), terminal: t1, by: staff, now: f.now)
                f.advance(seconds: 1)
            } catch .typedCodeRateLimited(_, let until) {
                refusals += 1
                attempt -= 1  // the attacker retries the same code once the lock ends
                f.now = until
            } catch .codeCheckFailed {
                guesses += 1
                f.advance(seconds: 1)
            }
        }
        // Ten guesses a day at most: 300 in thirty days (the old limiter let 3,403 through a second).
        #expect(guesses <= 10 * 30 + 10, "\(guesses) guesses in 30 days")
        #expect(guesses >= 10 * 29, "the daily budget is usable: \(guesses) guesses in 30 days")
        #expect(refusals >= 30)
    }

    @Test func balanceInquiryDoesNotHold() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let before = try f.fingerprint()
        let balance = try f.desk.inquire(.scanned(codes[0]), terminal: t1, by: .system, now: f.now)
        #expect(balance.balance == 1000 && balance.voucherState == .unspent && !balance.held)
        #expect(try f.fingerprint() == before)
    }

    @Test func confirmIsAllOrNothingWhenAHoldWasLost() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        for code in codes { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        // The ledger loses the holds (as a shared ledger releases a restarted kiosk's) while the
        // desk's session still lists them.
        try f.ledger.releaseHolds(session: session.id)
        try expectRefused(f, .holdLost(.voucher(program: paper, serial: 1))) { () throws(LedgerError) in
            try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("lost")!, by: staff, now: f.now)
        }
        #expect(try f.ledger.balance(of: .voucher(program: paper, serial: 2)).voucherState == .unspent)
    }

    /// A held voucher found spent at confirm (a tool or a restore changed its row under the hold):
    /// the confirm names it, and neither the payment, the session's other voucher nor the holds change.
    @Test func confirmIsAllOrNothingWhenAHeldVoucherWasSpentMeanwhile() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(3)
        let first = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: first.id, by: .system, now: f.now)
        let paid = try f.desk.confirm(first.id, idempotencyKey: IdempotencyKey("first")!, by: staff, now: f.now)
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        for code in codes[1...] { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        try f.ledger.read { db throws(LedgerError) in
            _ = try db.run(
                "UPDATE vouchers SET state = 'spent', payment = ? WHERE program = ? AND serial = 3",
                [.integer(paid.id.rawValue), .text(paper.rawValue)]
            )
        }
        try expectRefused(f, .holdLost(.voucher(program: paper, serial: 3))) { () throws(LedgerError) in
            try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("second")!, by: staff, now: f.now)
        }
        #expect(try f.ledger.balance(of: .voucher(program: paper, serial: 2)).voucherState == .unspent)
        #expect(try f.ledger.holdCount() == 2)
    }

    @Test func aConfirmNamingACodeTwiceIsRefusedAndChangesNothing() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(1)
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        let line = try #require(try f.desk.session(session.id, now: f.now).lines.first)
        let request = ConfirmRequest(
            idempotencyKey: IdempotencyKey("twice")!, session: session.id, program: paper, requested: 2000,
            lines: [line, line], terminal: t1, principal: staff, now: f.now
        )
        try expectRefused(f, .duplicate(kind: "payment line", key: line.code.description)) { () throws(LedgerError) in
            try f.ledger.confirm(request)
        }
        #expect(try f.ledger.balance(of: line.code).voucherState == .unspent)
    }

    @Test func idempotencyKeyReusedForAnotherSessionIsRefused() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let first = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[0]), to: first.id, by: .system, now: f.now)
        _ = try f.desk.confirm(first.id, idempotencyKey: IdempotencyKey("same")!, by: staff, now: f.now)
        let second = try f.desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
        _ = try f.desk.present(.scanned(codes[1]), to: second.id, by: .system, now: f.now)
        try expectRefused(f, .idempotencyKeyReused(IdempotencyKey("same")!)) { () throws(LedgerError) in
            try f.desk.confirm(second.id, idempotencyKey: IdempotencyKey("same")!, by: staff, now: f.now)
        }
    }

    @Test func holdsLeftByACrashAreReleasedAtStartup() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(3)
        let session = try f.desk.open(program: paper, amount: 3000, terminal: t1, now: f.now)
        for code in codes { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        #expect(try f.ledger.holdCount() == 3)
        let reopened = try f.reopen()
        #expect(try reopened.holdCount() == 0)
        let lastAction = try reopened.auditEntries(after: 0, limit: 1000).last?.action
        if TestLedgerBackend.isSQLite {
            // The holds lived in the first connection's memory; the file never had them.
            #expect(reopened.holdsReleasedAtOpen == 0 && lastAction != "holds.released")
        } else {
            #expect(reopened.holdsReleasedAtOpen == 3 && lastAction == "holds.released")
        }
        // Another session may hold and spend them now.
        let desk = RedemptionDesk(ledger: reopened, codec: f.codec)
        let again = try desk.open(program: paper, amount: 3000, terminal: t1, now: f.now)
        for code in codes { _ = try desk.present(.scanned(code), to: again.id, by: .system, now: f.now) }
        #expect(try desk.confirm(again.id, idempotencyKey: IdempotencyKey("after")!, by: staff, now: f.now).amount == 3000)
    }
}
