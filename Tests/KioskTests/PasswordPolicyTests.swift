import Testing

@testable import Kiosk

@Suite struct PasswordPolicyTests {
    let policy002 = PasswordPolicy.seed002
    let policy000 = PasswordPolicy.seed000

    @Test func seed002LengthIsTenToSixteen() {
        #expect(policy002.violation(in: "Abcdef1#x") != nil)  // 9
        #expect(policy002.violation(in: "Abcdef1#xy") == nil)  // 10
        #expect(policy002.violation(in: "Abcdef1#xyzwvuts") == nil)  // 16
        #expect(policy002.violation(in: "Abcdef1#xyzwvutsr")?.contains("10 to 16") == true)  // 17
    }

    @Test func seed002NeedsThreeOfFourClasses() {
        #expect(policy002.violation(in: "abcdefghij")?.contains("at least 3") == true)
        #expect(policy002.violation(in: "abcdefghi1")?.contains("at least 3") == true)
        #expect(policy002.violation(in: "abcdefgh1A") == nil)
        #expect(policy002.violation(in: "abcdefgh1#") == nil)
        #expect(policy002.violation(in: "ABCDEFGH1#") == nil)
    }

    @Test func seed002AllowsOnlyItsSymbols() {
        for symbol in "#$%&@()^*_+=-" {
            #expect(policy002.violation(in: "abcdefgh1\(symbol)") == nil, "symbol \(symbol)")
        }
        for symbol in "!?.,/~ " {
            #expect(policy002.violation(in: "abcdefgh1\(symbol)")?.contains("only") == true, "symbol \(symbol)")
        }
        #expect(policy002.violation(in: "abcdefgh1Ａ") != nil)  // full-width letter
        #expect(policy002.violation(in: "abcdefgh1あ") != nil)
    }

    @Test func seed000NeedsDigitUpperAndLowerInEight() {
        #expect(policy000.violation(in: "Abcdef1") != nil)  // 7
        #expect(policy000.violation(in: "Abcdefg1") == nil)
        #expect(policy000.violation(in: "abcdefg1")?.contains("upper") == true)
        #expect(policy000.violation(in: "ABCDEFG1")?.contains("lower") == true)
        #expect(policy000.violation(in: "Abcdefgh")?.contains("digit") == true)
        #expect(policy000.violation(in: "Abcdefg1!") == nil)
    }

    @Test func presetsAreNamedAsInTheConfig() {
        #expect(PasswordPolicy.preset(named: "002") == .seed002)
        #expect(PasswordPolicy.preset(named: "000") == .seed000)
        #expect(PasswordPolicy.preset(named: "001") == nil)
    }
}

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher()

    @Test func yescryptHashesVerifyAndAreSalted() throws {
        let first = try hasher.hash("Kiosk-pass1")
        let second = try hasher.hash("Kiosk-pass1")
        #expect(first.hasPrefix("$y$"))
        #expect(first != second)
        #expect(!first.contains("Kiosk-pass1"))
        #expect(try hasher.verify("Kiosk-pass1", against: first))
        #expect(try hasher.verify("Kiosk-pass1", against: second))
        #expect(try !hasher.verify("Kiosk-pass2", against: first))
        #expect(try !hasher.verify("", against: first))
    }

    @Test func anUnreadableStoredHashIsAnError() {
        #expect(throws: AccountError.self) { try hasher.verify("x", against: "not a hash") }
        #expect(throws: AccountError.self) { try hasher.verify("x", against: "*0") }
    }
}

@Suite struct LoginLockoutTests {
    let rule = LoginLockout.Rule(threshold: 5, windowSeconds: 60, durationSeconds: 600)
    let start = Timestamp(rawValue: 1_800_000_000_000_000)

    @Test func fiveFailuresInAMinuteLockForTenMinutes() {
        var lockout = LoginLockout()
        for second in [0, 10, 20, 30] as [Int64] {
            lockout.recordFailure(at: start.adding(seconds: second), rule: rule)
            #expect(!lockout.isLocked(at: start.adding(seconds: second)))
        }
        let fifth = start.adding(seconds: 59)
        lockout.recordFailure(at: fifth, rule: rule)
        #expect(lockout.isLocked(at: fifth))
        #expect(lockout.isLocked(at: fifth.adding(seconds: 599)))
        #expect(!lockout.isLocked(at: fifth.adding(seconds: 600)))
        #expect(lockout.lockedUntil == fifth.adding(seconds: 600))
    }

    @Test func theWindowSlides() {
        var lockout = LoginLockout()
        for second in [0, 15, 30, 45] as [Int64] { lockout.recordFailure(at: start.adding(seconds: second), rule: rule) }
        // At 61 s the failure at 0 has left the window: 4 remain.
        lockout.recordFailure(at: start.adding(seconds: 61), rule: rule)
        #expect(!lockout.isLocked(at: start.adding(seconds: 61)))
        // At 62 s: 15, 30, 45, 61, 62 are within a minute.
        lockout.recordFailure(at: start.adding(seconds: 62), rule: rule)
        #expect(lockout.isLocked(at: start.adding(seconds: 62)))
    }

    @Test func successClearsFailures() {
        var lockout = LoginLockout()
        for second in 0..<4 as Range<Int64> { lockout.recordFailure(at: start.adding(seconds: second), rule: rule) }
        lockout.clear()
        lockout.recordFailure(at: start.adding(seconds: 5), rule: rule)
        #expect(!lockout.isLocked(at: start.adding(seconds: 5)))
        #expect(lockout.failures.count == 1)
    }

    @Test func aConfiguredRuleApplies() {
        let strict = LoginLockout.Rule(threshold: 2, windowSeconds: 10, durationSeconds: 30)
        var lockout = LoginLockout()
        lockout.recordFailure(at: start, rule: strict)
        lockout.recordFailure(at: start.adding(seconds: 9), rule: strict)
        #expect(lockout.isLocked(at: start.adding(seconds: 38)))
        #expect(!lockout.isLocked(at: start.adding(seconds: 39)))
    }
}

@Suite struct LoginSessionsTests {
    let start = Timestamp(rawValue: 1_800_000_000_000_000)

    /// The error `body` throws, or `nil`.
    func failure(_ body: () throws(AccountError) -> LoginSessions.Login) -> AccountError? {
        do throws(AccountError) {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    func login(_ name: String) -> LoginSessions.Login {
        LoginSessions.Login(name: AccountName(name)!, role: .staff, mustChangePassword: false, peerUID: 1000, lastUsed: start)
    }

    @Test func aTokenExpiresAfterTheIdleTimeAndUseExtendsIt() throws {
        var sessions = LoginSessions(idleSeconds: 900)
        let token = sessions.start(login("yamada"))
        #expect(token.count == 64)
        let first = try sessions.touch(token, now: start.adding(seconds: 800))
        #expect(first.name.rawValue == "yamada")
        let second = try sessions.touch(token, now: start.adding(seconds: 1700))
        #expect(second.name.rawValue == "yamada")
        let failure1 = failure { () throws(AccountError) in try sessions.touch(token, now: start.adding(seconds: 2601)) }
        #expect(failure1 == AccountError.tokenExpired(idleSeconds: 900))
        let failure2 = failure { () throws(AccountError) in try sessions.touch(token, now: start.adding(seconds: 2602)) }
        #expect(failure2 == AccountError.notLoggedIn)
    }

    @Test func logoutAndEndAllForgetTokens() throws {
        var sessions = LoginSessions(idleSeconds: 900)
        let a = sessions.start(login("yamada"))
        let b = sessions.start(login("yamada"))
        let c = sessions.start(login("suzuki"))
        #expect(a != b)
        let ended = sessions.end(a)
        let endedTwice = sessions.end(a)
        #expect(ended)
        #expect(!endedTwice)
        sessions.endAll(of: AccountName("yamada")!)
        let failure3 = failure { () throws(AccountError) in try sessions.touch(b, now: start) }
        #expect(failure3 == AccountError.notLoggedIn)
        let kept = try sessions.touch(c, now: start)
        #expect(kept.name.rawValue == "suzuki")
        let failure4 = failure { () throws(AccountError) in try sessions.touch((c.first == "0" ? "1" : "0") + c.dropFirst(), now: start) }
        #expect(failure4 == AccountError.notLoggedIn)
    }
}
