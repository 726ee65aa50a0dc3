import Testing

@testable import Kiosk

/// The session state machine alone, with a manual clock and made-up ledger answers.
@Suite struct RedemptionSessionTests {
    let tokyo = LedgerTimeZone.tokyo
    var program: Program { LedgerFixture.paperProgram(tokyo) }
    var start: Timestamp { tokyo.startOfDay(LocalDate(year: 2026, month: 7, day: 1)!).adding(seconds: 36_000) }
    let terminal = SiteCode("T1")!

    func voucher(_ serial: Int64) -> HeldCode {
        HeldCode(code: .voucher(program: LedgerFixture.paper, serial: serial), amount: 1000, balanceBefore: 1000)
    }

    func open(_ amount: Yen) throws -> RedemptionSession {
        try RedemptionSession(
            id: SessionID(rawValue: 1),
            program: program,
            terminal: terminal,
            amount: amount,
            idleSeconds: 60,
            now: start
        )
    }

    @Test(arguments: [
        (Yen(0), LedgerError.amountNotPositive(0)),
        (Yen(-1000), LedgerError.amountNotPositive(-1000)),
        (Yen(1500), LedgerError.amountNotMultipleOfUnit(1500, unit: 1000)),
        (Yen(101_000), LedgerError.amountOverMaximum(101_000, maximum: 100_000)),
    ])
    func amountRulesRefuseWithTheRule(amount: Yen, error: LedgerError) {
        #expect(throws: error) { try open(amount) }
    }

    @Test func ruleMessagesNameTheRule() {
        #expect(LedgerError.amountNotMultipleOfUnit(1500, unit: 1000).message.contains("multiple of 1,000 yen"))
        #expect(LedgerError.amountOverMaximum(101_000, maximum: 100_000).message.contains("at most 100,000 yen"))
    }

    @Test func closedProgramRefusesToOpen() {
        let late = tokyo.startOfDay(LocalDate(year: 2026, month: 11, day: 2)!)
        #expect(throws: LedgerError.programNotActive(program.code, from: program.validFrom, until: program.validUntil))
        {
            try RedemptionSession(
                id: SessionID(rawValue: 1),
                program: program,
                terminal: terminal,
                amount: 1000,
                idleSeconds: 60,
                now: late
            )
        }
    }

    @Test func collectsUntilTheAmountThenCompletes() throws {
        var session = try open(3000)
        #expect(session.state == .collecting)
        #expect(try session.present(voucher(1).code, now: start) == .hold(limit: 3000))
        try session.accept(voucher(1), now: start)
        #expect(session.total == 1000 && session.missing == 2000)
        #expect(try session.present(voucher(1).code, now: start) == .alreadyCounted(voucher(1)))  // counts once
        try session.accept(voucher(2), now: start)
        #expect(session.state == .collecting)
        #expect(try session.present(voucher(3).code, now: start) == .hold(limit: 1000))
        try session.accept(voucher(3), now: start)
        #expect(session.state == .complete && session.missing == .zero && session.lines.count == 3)
        #expect(throws: LedgerError.invalidTransition(session.id, state: "complete", action: "read a code")) {
            try session.present(voucher(4).code, now: start)
        }
        #expect(try session.linesToConfirm(now: start).count == 3)
        try session.confirmed(as: PaymentID(rawValue: 9), now: start)
        #expect(session.state == .confirmed(PaymentID(rawValue: 9)))
        #expect(throws: LedgerError.invalidTransition(session.id, state: "confirmed", action: "abort")) {
            try session.abort(now: start)
        }
        #expect(throws: LedgerError.invalidTransition(session.id, state: "confirmed", action: "confirm")) {
            try session.linesToConfirm(now: start)
        }
    }

    @Test func voucherOverTheMissingAmountIsRefused() throws {
        var session = try open(1000)
        let big = HeldCode(code: voucher(5).code, amount: 5000, balanceBefore: 5000)
        #expect(throws: LedgerError.voucherExceedsAmount(big.code, faceValue: 5000, missing: 1000)) {
            try session.accept(big, now: start)
        }
        #expect(session.lines.isEmpty)
    }

    @Test func codeOfAnotherProgramIsRefused() throws {
        var session = try open(1000)
        let ticket = CodeReference.eTicket(program: LedgerFixture.kids, id: 1)
        #expect(throws: LedgerError.wrongProgram(ticket, session: program.code)) {
            try session.present(ticket, now: start)
        }
    }

    @Test func settleWhatWasReadCompletesEarly() throws {
        var session = try open(5000)
        #expect(throws: LedgerError.nothingToSettle(session.id)) { try session.settle(now: start) }
        try session.accept(voucher(1), now: start)
        try session.settle(now: start)
        #expect(session.state == .complete && session.total == 1000 && session.missing == 4000)
    }

    @Test func confirmBeforeCompleteIsRefused() throws {
        var session = try open(2000)
        try session.accept(voucher(1), now: start)
        #expect(throws: LedgerError.invalidTransition(session.id, state: "collecting", action: "confirm")) {
            try session.linesToConfirm(now: start)
        }
        #expect(throws: LedgerError.invalidTransition(session.id, state: "collecting", action: "record a confirmation"))
        {
            try session.confirmed(as: PaymentID(rawValue: 1), now: start)
        }
    }

    @Test func abortEndsTheSession() throws {
        var session = try open(2000)
        try session.abort(now: start)
        #expect(session.state == .aborted && !session.isOpen)
        #expect(throws: LedgerError.invalidTransition(session.id, state: "aborted", action: "read a code")) {
            try session.present(voucher(1).code, now: start)
        }
        #expect(throws: LedgerError.invalidTransition(session.id, state: "aborted", action: "settle")) {
            try session.settle(now: start)
        }
    }

    @Test func idleSessionExpires() throws {
        var session = try open(2000)
        try session.accept(voucher(1), now: start.adding(seconds: 50))
        #expect(!session.isIdle(at: start.adding(seconds: 100)))  // activity at 50 s moved the deadline
        #expect(session.isIdle(at: start.adding(seconds: 110)))
        #expect(throws: LedgerError.sessionExpired(session.id)) {
            try session.present(voucher(2).code, now: start.adding(seconds: 110))
        }
        #expect(session.state == .expired)
        #expect(throws: LedgerError.sessionExpired(session.id)) { try session.abort(now: start.adding(seconds: 111)) }
    }

    @Test func eTicketTakesPartOfItsBalance() throws {
        let kids = LedgerFixture.kidsProgram(tokyo)
        var session = try RedemptionSession(
            id: SessionID(rawValue: 2),
            program: kids,
            terminal: terminal,
            amount: 2500,
            idleSeconds: 60,
            now: start
        )
        let first = CodeReference.eTicket(program: kids.code, id: 1)
        #expect(try session.present(first, now: start) == .hold(limit: 2500))
        try session.accept(HeldCode(code: first, amount: 1800, balanceBefore: 1800), now: start)
        let second = CodeReference.eTicket(program: kids.code, id: 2)
        #expect(try session.present(second, now: start) == .hold(limit: 700))
        try session.accept(HeldCode(code: second, amount: 700, balanceBefore: 5000), now: start)
        #expect(session.state == .complete && session.total == 2500)
    }
}
