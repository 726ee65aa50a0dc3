import Foundation
import Testing

@testable import Kiosk

/// The account rules over a real ledger file, with a manual clock.
@Suite struct AccountDeskTests {
    let fixture: LedgerFixture
    let accounts: AccountDesk
    static let office = "Office-pass1"

    init() throws {
        fixture = try LedgerFixture()
        accounts = try AccountDesk(store: fixture.ledger, policy: .seed002, idleSeconds: 900)
        try accounts.createAccount(
            name: "city",
            role: .programOffice,
            initialPassword: Self.office,
            by: .system,
            now: fixture.now
        )
    }

    /// Logs in and changes the initial password; returns the token.
    func ready(_ name: String, initial: String, new: String) throws -> String {
        let login = try accounts.login(name: name, password: initial, peerUID: 1000, now: fixture.now)
        try accounts.changePassword(token: login.token, current: initial, new: new, now: fixture.now)
        return login.token
    }

    func principal(_ token: String, _ permission: Permission = .accounts) throws -> Principal {
        try accounts.authorize(token, for: permission, action: "test", terminal: nil, now: fixture.now)
    }

    @Test func wrongCurrentPasswordsCountTowardTheLockoutAndALockEndsTheLogins() throws {
        let token = try ready("city", initial: Self.office, new: "New-pass-12")
        for _ in 0..<4 {
            #expect(throws: AccountError.currentPasswordWrong) {
                try accounts.changePassword(token: token, current: "guess", new: "Other-pass-34", now: fixture.now)
            }
        }
        let until = fixture.now.adding(seconds: 600)
        #expect(throws: AccountError.locked(until: until)) {
            try accounts.changePassword(token: token, current: "guess", new: "Other-pass-34", now: fixture.now)
        }
        // The login that guessed is over, and the right password does not log in while locked.
        #expect(throws: AccountError.self) { try principal(token, .sessions) }
        #expect(throws: AccountError.locked(until: until)) {
            try accounts.login(name: "city", password: "New-pass-12", peerUID: 0, now: fixture.now)
        }
    }

    @Test func theInitialPasswordMustBeChangedFirst() throws {
        let login = try accounts.login(name: "city", password: Self.office, peerUID: 0, now: fixture.now)
        #expect(login.mustChangePassword)
        #expect(login.role == .programOffice)
        #expect(throws: AccountError.passwordChangeRequired) { try principal(login.token, .sessions) }
        #expect(throws: AccountError.currentPasswordWrong) {
            try accounts.changePassword(token: login.token, current: "wrong", new: "New-pass-12", now: fixture.now)
        }
        #expect(throws: AccountError.self) {
            try accounts.changePassword(token: login.token, current: Self.office, new: "short", now: fixture.now)
        }
        #expect(throws: AccountError.passwordRejected(reason: "it is one of the last 2 passwords of this account")) {
            try accounts.changePassword(token: login.token, current: Self.office, new: Self.office, now: fixture.now)
        }
        #expect(throws: AccountError.passwordChangeRequired) { try principal(login.token, .sessions) }
        try accounts.changePassword(token: login.token, current: Self.office, new: "New-pass-12", now: fixture.now)
        #expect(try principal(login.token, .sessions).name == "city")
        let again = try accounts.login(name: "city", password: "New-pass-12", peerUID: 0, now: fixture.now)
        #expect(!again.mustChangePassword)
        #expect(throws: AccountError.wrongCredentials) {
            try accounts.login(name: "city", password: Self.office, peerUID: 0, now: fixture.now)
        }
    }

    @Test func theLastTwoPasswordsMayNotBeReused() throws {
        let token = try ready("city", initial: Self.office, new: "Second-pw-1")
        // History: Second-pw-1 (current), Office-pass1.
        #expect(throws: AccountError.self) {
            try accounts.changePassword(token: token, current: "Second-pw-1", new: Self.office, now: fixture.now)
        }
        try accounts.changePassword(token: token, current: "Second-pw-1", new: "Third-pw-22", now: fixture.now)
        // Office-pass1 is now three back: allowed again.
        try accounts.changePassword(token: token, current: "Third-pw-22", new: Self.office, now: fixture.now)
    }

    @Test func fiveFailuresLockAndAResetUnlocks() throws {
        let office = try ready("city", initial: Self.office, new: "New-pass-12")
        try accounts.createAccount(
            name: "yamada",
            role: .staff,
            initialPassword: "Staff-pass1",
            by: try principal(office),
            now: fixture.now
        )
        for attempt in 1...4 {
            fixture.now = fixture.now.adding(seconds: 5)
            #expect(throws: AccountError.wrongCredentials, "attempt \(attempt)") {
                try accounts.login(name: "yamada", password: "Wrong-pass\(attempt)", peerUID: 1000, now: fixture.now)
            }
        }
        fixture.now = fixture.now.adding(seconds: 5)
        let lockedUntil = fixture.now.adding(seconds: 600)
        #expect(throws: AccountError.locked(until: lockedUntil)) {
            try accounts.login(name: "yamada", password: "Wrong-pass5", peerUID: 1000, now: fixture.now)
        }
        // The right password does not open a locked account.
        #expect(throws: AccountError.locked(until: lockedUntil)) {
            try accounts.login(name: "yamada", password: "Staff-pass1", peerUID: 1000, now: fixture.now)
        }
        #expect(try accounts.listAccounts(now: fixture.now).first { $0.name.rawValue == "yamada" }?.lockedUntil == lockedUntil)
        // A manager-or-higher reset lifts the lock and sets a new initial password.
        try accounts.resetPassword(of: "yamada", initialPassword: "Reset-pass1", by: try principal(office), now: fixture.now)
        let login = try accounts.login(name: "yamada", password: "Reset-pass1", peerUID: 1000, now: fixture.now)
        #expect(login.mustChangePassword)
        // The lock also ends by itself.
        for attempt in 1...5 {
            _ = try? accounts.login(name: "yamada", password: "Wrong-pass\(attempt)", peerUID: 1000, now: fixture.now)
        }
        #expect(throws: AccountError.self) {
            try accounts.login(name: "yamada", password: "Reset-pass1", peerUID: 1000, now: fixture.now)
        }
        fixture.now = fixture.now.adding(seconds: 600)
        #expect(try accounts.login(name: "yamada", password: "Reset-pass1", peerUID: 1000, now: fixture.now).name.rawValue == "yamada")
        let actions = try fixture.ledger.auditEntries(after: 0, limit: 1000).map(\.action)
        #expect(actions.filter { $0 == "login.locked" }.count == 2)
        #expect(actions.filter { $0 == "login.failed" }.count == 8)
        #expect(actions.contains("password.reset"))
        #expect(try fixture.ledger.verifyAudit(from: nil).firstBad == nil)
    }

    @Test func anUnknownNameLooksLikeAWrongPassword() {
        #expect(throws: AccountError.wrongCredentials) {
            try accounts.login(name: "nobody", password: Self.office, peerUID: 0, now: fixture.now)
        }
        #expect(throws: AccountError.wrongCredentials) {
            try accounts.login(name: "NOT A NAME", password: Self.office, peerUID: 0, now: fixture.now)
        }
    }

    @Test func rolesDecideWhoManagesWhom() throws {
        let office = try principal(try ready("city", initial: Self.office, new: "New-pass-12"))
        try accounts.createAccount(name: "rep", role: .representative, initialPassword: "Rep-pass-01", by: office, now: fixture.now)
        let rep = try principal(try ready("rep", initial: "Rep-pass-01", new: "Rep-pass-02"))
        try accounts.createAccount(name: "boss", role: .manager, initialPassword: "Boss-pass-1", by: rep, now: fixture.now)
        let manager = try principal(try ready("boss", initial: "Boss-pass-1", new: "Boss-pass-2"))
        try accounts.createAccount(name: "yamada", role: .staff, initialPassword: "Staff-pass1", by: manager, now: fixture.now)
        let staffToken = try ready("yamada", initial: "Staff-pass1", new: "Staff-pass2")

        #expect(throws: AccountError.forbidden(role: .manager, action: "create a manager account")) {
            try accounts.createAccount(name: "boss2", role: .manager, initialPassword: "Boss-pass-1", by: manager, now: fixture.now)
        }
        #expect(throws: AccountError.forbidden(role: .manager, action: "reset the password of a representative account")) {
            try accounts.resetPassword(of: "rep", initialPassword: "Rep-pass-09", by: manager, now: fixture.now)
        }
        #expect(throws: AccountError.forbidden(role: .staff, action: "test")) { try principal(staffToken, .accounts) }
        #expect(throws: AccountError.forbidden(role: .staff, action: "test")) { try principal(staffToken, .refundInWindow) }
        #expect(try principal(staffToken, .sessions).role == .staff)
        #expect(throws: AccountError.accountExists(AccountName("yamada")!)) {
            try accounts.createAccount(name: "yamada", role: .staff, initialPassword: "Staff-pass1", by: manager, now: fixture.now)
        }
        #expect(throws: AccountError.invalidName("Yamada San")) {
            try accounts.createAccount(name: "Yamada San", role: .staff, initialPassword: "Staff-pass1", by: manager, now: fixture.now)
        }
        #expect(throws: AccountError.self) {
            try accounts.createAccount(name: "weak", role: .staff, initialPassword: "weak", by: manager, now: fixture.now)
        }
        // A reset by a higher role ends the account's logins.
        try accounts.resetPassword(of: "yamada", initialPassword: "Staff-pass9", by: manager, now: fixture.now)
        #expect(throws: AccountError.notLoggedIn) { try principal(staffToken, .sessions) }
        let names = try accounts.listAccounts(now: fixture.now).map(\.name.rawValue)
        #expect(names == ["boss", "city", "rep", "yamada"])
    }

    @Test func logoutAndIdleExpiryEndALogin() throws {
        let token = try ready("city", initial: Self.office, new: "New-pass-12")
        fixture.now = fixture.now.adding(seconds: 901)
        #expect(throws: AccountError.tokenExpired(idleSeconds: 900)) { try principal(token) }
        let again = try accounts.login(name: "city", password: "New-pass-12", peerUID: 0, now: fixture.now)
        #expect(accounts.logout(token: again.token))
        #expect(throws: AccountError.notLoggedIn) { try principal(again.token) }
        #expect(throws: AccountError.notLoggedIn) {
            try accounts.authorize(nil, for: .sessions, action: "test", terminal: nil, now: fixture.now)
        }
    }

    @Test func noPasswordIsStoredInClear() throws {
        _ = try ready("city", initial: Self.office, new: "New-pass-12")
        if fixture.ledger.filePath != nil {
            try fixture.ledger.checkpoint()
            let directory = fixture.directory
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
                #expect(bytes.range(of: Data(Self.office.utf8)) == nil, "\(file)")
                #expect(bytes.range(of: Data("New-pass-12".utf8)) == nil, "\(file)")
            }
        } else {
            // PostgreSQL: no column of any account or history row holds either password.
            for password in [Self.office, "New-pass-12"] {
                let found = try fixture.ledger.read { db throws(LedgerError) in
                    try db.first(
                        "SELECT (SELECT count(*) FROM accounts a WHERE strpos(a::text, ?) > 0) + (SELECT count(*) FROM password_history h WHERE strpos(h::text, ?) > 0)",
                        [.text(password), .text(password)]
                    ) { $0.int(0) }
                }
                #expect(found == 0)
            }
        }
        let stored = try #require(try fixture.ledger.account(named: AccountName("city")!))
        #expect(stored.passwordHash.hasPrefix("$y$"))
        #expect(try fixture.ledger.passwordHistory(of: AccountName("city")!, limit: 5).count == 2)
    }

    @Test func everyRoleHoldsWhatTheRoleBelowHolds() {
        for (lower, higher) in zip(Role.allCases, Role.allCases.dropFirst()) {
            #expect(lower.permissions.isSubset(of: higher.permissions), "\(lower) < \(higher)")
        }
        #expect(Role.staff.manages(.staff) == false)
        #expect(Role.manager.manages(.staff))
        #expect(!Role.manager.manages(.manager))
        #expect(Role.representative.manages(.manager))
        #expect(!Role.representative.manages(.programOffice))
        #expect(Role.programOffice.manages(.programOffice))
        #expect(!Role.manager.may(.refundPastWindow))
        #expect(Role.programOffice.may(.refundPastWindow))
    }
}
