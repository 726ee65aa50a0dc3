import CodeCrypto
import TestSupport
import Testing

@testable import Kiosk

/// Voucher and e-ticket codes: formats, keyed checks, typed digits, rotation and the typing limit.
@Suite struct CodeTests {
    let paper = ProgramCode("KOMATSU26")!
    let kids = ProgramCode("KIDS25")!
    let codec = VoucherCodec(keys: [
        ProgramKey(program: ProgramCode("KOMATSU26")!, number: 1, secret: Array("komatsu-secret-0123456789".utf8))!,
        ProgramKey(program: ProgramCode("KIDS25")!, number: 2, secret: Array("kids-secret-abcdefghijklmn".utf8))!,
    ])
    let now = Timestamp(rawValue: 1_782_900_000_000_000)

    @Test func dammMatchesTheKnownExampleAndCatchesEverySingleErrorAndTransposition() {
        #expect(DammCheckDigit.digit(for: "572") == "4")
        #expect(DammCheckDigit.isValid("5724"))
        var generator = SeededRandom(seed: 7)
        for _ in 0..<200 {
            let body = String((0..<18).map { _ in Character(String(generator.next() % 10)) })
            let code = body + String(DammCheckDigit.digit(for: body)!)
            #expect(DammCheckDigit.isValid(code))
            var digits = Array(code)
            for position in digits.indices {
                let original = digits[position]
                for replacement in "0123456789" where replacement != original {
                    digits[position] = replacement
                    #expect(!DammCheckDigit.isValid(String(digits)), "single error at \(position) in \(code)")
                }
                digits[position] = original
            }
            for position in 0..<(digits.count - 1) where digits[position] != digits[position + 1] {
                digits.swapAt(position, position + 1)
                #expect(!DammCheckDigit.isValid(String(digits)), "transposition at \(position) in \(code)")
                digits.swapAt(position, position + 1)
            }
        }
    }

    @Test func base32RoundTrips() {
        var generator = SeededRandom(seed: 3)
        for length in 0..<24 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(Base32.decode(Base32.encode(bytes).utf8) == bytes)
        }
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("MZXW6YTBO1".utf8) == nil)
    }

    @Test func voucherPayloadRoundTripsAndHasTheDocumentedShape() throws {
        let payload = try codec.voucherPayload(program: paper, serial: 123)
        #expect(payload.hasPrefix("KQ1P:KOMATSU26:00000123:"))
        #expect(payload.count == "KQ1P:KOMATSU26:00000123:".count + 16)
        #expect(try codec.read(scanned: payload, now: now) == .voucher(program: paper, serial: 123))
    }

    @Test func everyEditedCharacterOfAPayloadIsRefused() throws {
        let payload = Array(try codec.voucherPayload(program: paper, serial: 42))
        for position in payload.indices {
            for replacement in "AZ27059:" where replacement != payload[position] {
                var edited = payload
                edited[position] = replacement
                #expect(throws: LedgerError.self) { try codec.read(scanned: String(edited), now: now) }
            }
        }
    }

    @Test func randomAndForeignCodesAreRefusedBeforeTheLedger() throws {
        var generator = SeededRandom(seed: 11)
        for _ in 0..<500 {
            let mac = Base32.encode((0..<10).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            let forged = "KQ1P:KOMATSU26:\(zeroPadded(Int(generator.next() % 1000) + 1, width: 8)):\(mac)"
            #expect(throws: LedgerError.codeCheckFailed) { try codec.read(scanned: forged, now: now) }
        }
        let other = VoucherCodec(keys: [
            ProgramKey(program: paper, number: 1, secret: Array("another-issuers-secret!!".utf8))!
        ])
        let foreign = try other.voucherPayload(program: paper, serial: 1)
        #expect(throws: LedgerError.codeCheckFailed) { try codec.read(scanned: foreign, now: now) }
    }

    @Test(arguments: [
        ("", "it does not start with KQ1P or KQ1E"),
        ("https://example.com/", "it does not start with KQ1P or KQ1E"),
        ("KQ1P:KOMATSU26:00000001", "it has 3 fields instead of 4"),
        ("KQ1P:komatsu:00000001:AAAAAAAAAAAAAAAA", "bad program code"),
        ("KQ1P:KOMATSU26:0000001:AAAAAAAAAAAAAAAA", "the serial must be 8 digits, not all zero"),
        ("KQ1P:KOMATSU26:00000000:AAAAAAAAAAAAAAAA", "the serial must be 8 digits, not all zero"),
        ("KQ1P:KOMATSU26:00000001:AAAAAAAAAAAAAAA", "the check must be 16 base32 characters"),
        ("KQ1E:KIDS25:00000001:x:AAAAAAAAAAAAAAAA", "the time step must be decimal digits"),
    ])
    func malformedPayloadsSayWhatIsWrong(payload: String, reason: String) {
        #expect(throws: LedgerError.malformedCode(reason: reason)) { try codec.read(scanned: payload, now: now) }
    }

    @Test func unknownProgramHasNoKey() {
        #expect(throws: LedgerError.noKeyForProgram(ProgramCode("OTHER")!)) {
            try codec.read(scanned: "KQ1P:OTHER:00000001:AAAAAAAAAAAAAAAA", now: now)
        }
    }

    @Test func typedVoucherCodeReachesTheSameVoucher() throws {
        let typed = try codec.voucherTypedCode(program: paper, serial: 123)
        #expect(typed.count == 19)
        #expect(typed.hasPrefix("100100000123"))
        #expect(try codec.read(typed: typed, now: now) == .voucher(program: paper, serial: 123))
        #expect(try codec.read(typed: VoucherCodec.grouped(typed), now: now) == .voucher(program: paper, serial: 123))
    }

    @Test func typedCodeErrorsAreCaught() throws {
        let typed = Array(try codec.voucherTypedCode(program: paper, serial: 77))
        var wrong = typed
        wrong[5] = wrong[5] == "9" ? "8" : "9"
        #expect(throws: LedgerError.typedCodeCheckDigitWrong) { try codec.read(typed: String(wrong), now: now) }
        // A different serial with a valid Damm digit but a wrong keyed check.
        var body = String(typed.prefix(18))
        body = String(body.prefix(11)) + "8" + String(body.dropFirst(12))
        let forged = body + String(DammCheckDigit.digit(for: body)!)
        if forged != String(typed) {
            #expect(throws: LedgerError.codeCheckFailed) { try codec.read(typed: forged, now: now) }
        }
        #expect(throws: LedgerError.malformedCode(reason: "a typed code has digits only")) {
            try codec.read(typed: "1001-0000-01A3", now: now)
        }
        #expect(throws: LedgerError.malformedCode(reason: "a typed code has 19 digits, this has 6")) {
            try codec.read(typed: "123456", now: now)
        }
    }

    @Test func eTicketCodesRotateWithOneStepTolerance() throws {
        let code = try codec.eTicketPayload(program: kids, id: 7, at: now)
        #expect(try codec.read(scanned: code, now: now) == .eTicket(program: kids, id: 7))
        #expect(try codec.read(scanned: code, now: now.adding(seconds: 30)) == .eTicket(program: kids, id: 7))
        #expect(try codec.read(scanned: code, now: now.adding(seconds: -30)) == .eTicket(program: kids, id: 7))
        #expect(throws: LedgerError.self) { try codec.read(scanned: code, now: now.adding(seconds: 90)) }
        let stale = ledgerError { () throws(LedgerError) in
            _ = try codec.read(scanned: code, now: now.adding(seconds: 300))
        }
        guard case .eTicketCodeStale(let age)? = stale else {
            Issue.record("a 5-minute-old screenshot gave \(String(describing: stale))")
            return
        }
        #expect(age >= 300 && age < 330)
        #expect(stale?.message.contains("screenshot") == true)
        #expect(throws: LedgerError.self) { try codec.read(scanned: code, now: now.adding(seconds: -300)) }
        let typed = try codec.eTicketTypedCode(program: kids, id: 7, at: now)
        #expect(try codec.read(typed: typed, now: now.adding(seconds: 25)) == .eTicket(program: kids, id: 7))
        #expect(throws: LedgerError.codeCheckFailed) { try codec.read(typed: typed, now: now.adding(seconds: 120)) }
    }

    @Test func limiterLocksAfterFiveFailuresInAMinuteAndTenInADay() throws {
        let limiter = TypedCodeLimiter()
        let terminal = SiteCode("T1")!
        let other = SiteCode("T2")!
        var failures: [TypedCodeFailure] = []
        var clock = now
        for _ in 0..<5 {
            try limiter.check(terminal: terminal, login: "yamada", failures: failures, now: clock)
            failures.append(TypedCodeFailure(at: clock, terminal: terminal, login: "yamada"))
            clock = clock.adding(seconds: 10)
        }
        let burstEnd = failures[4].at.adding(seconds: 600)
        #expect(throws: LedgerError.typedCodeRateLimited(scope: .terminal(terminal), until: burstEnd)) {
            try limiter.check(terminal: terminal, login: "suzuki", failures: failures, now: clock)
        }
        // The login is locked at every terminal; another login at another terminal is not.
        #expect(throws: LedgerError.typedCodeRateLimited(scope: .login("yamada"), until: burstEnd)) {
            try limiter.check(terminal: other, login: "yamada", failures: failures, now: clock)
        }
        try limiter.check(terminal: other, login: "suzuki", failures: failures, now: clock)
        try limiter.check(terminal: terminal, login: "yamada", failures: failures, now: burstEnd)

        // Failures spread wider than a minute still reach the daily budget: the tenth locks for a day.
        var spread: [TypedCodeFailure] = []
        for step in 0..<10 {
            let at = now.adding(seconds: Int64(step) * 3600)
            try limiter.check(terminal: terminal, login: "yamada", failures: spread, now: at)
            spread.append(TypedCodeFailure(at: at, terminal: terminal, login: "yamada"))
        }
        let dayEnd = spread[9].at.adding(seconds: 86_400)
        #expect(throws: LedgerError.typedCodeRateLimited(scope: .terminal(terminal), until: dayEnd)) {
            try limiter.check(terminal: terminal, login: "yamada", failures: spread, now: spread[9].at.adding(seconds: 3600))
        }
        try limiter.check(terminal: terminal, login: "yamada", failures: spread, now: dayEnd)
        #expect(limiter.lookbackSeconds == 2 * 86_400)
    }

    @Test func onlyWrongCodesCountAsGuesses() {
        #expect(TypedCodeLimiter.counts(.codeCheckFailed))
        #expect(!TypedCodeLimiter.counts(.typedCodeCheckDigitWrong))
        #expect(!TypedCodeLimiter.counts(.malformedCode(reason: "a typed code has digits only")))
    }
}

/// The error `body` threw, or `nil`.
func ledgerError(_ body: () throws(LedgerError) -> Void) -> LedgerError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
