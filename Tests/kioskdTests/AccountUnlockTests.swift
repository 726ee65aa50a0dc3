import Foundation
import Kiosk
import Testing

@testable import kioskd

/// `kioskd unlock-account`: root on the kiosk lifts a lock nobody else can.
@Suite struct AccountUnlockTests {
    @Test func unlockAccountLiftsTheOnlyProgramOfficeAccountsLockAndIsAudited() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kioskd-unlock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try DemoSetup.run(directory: directory)
        let configPath = directory + "/kioskd.conf"
        let config = try DaemonConfig.load(path: configPath)
        var initial: [String: String] = [:]
        for line in try String(contentsOfFile: directory + "/accounts.txt", encoding: .utf8).split(separator: "\n")
        where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            initial[fields[0]] = fields[2]
        }
        let password = try #require(initial["office"])
        // A running kioskd's view of the ledger: anyone who may connect locks the account.
        let ledger = try config.ledger.open(timeZone: .tokyo, terminal: config.terminal)
        let accounts = try AccountDesk(store: ledger, policy: config.accounts.policy)
        let now = Timestamp.now()
        for index in 1...5 { _ = try? accounts.login(name: "office", password: "Wrong-pass\(index)", peerUID: 1000, now: now) }
        #expect(throws: AccountError.self) { try accounts.login(name: "office", password: password, peerUID: 1000, now: now) }

        #expect(AccountUnlock.run(configPath: configPath, name: "office", now: now) == 0)
        // The running desk reads the lock from the ledger: the right password works again.
        let login = try accounts.login(name: "office", password: password, peerUID: 1000, now: now)
        #expect(login.role == .programOffice)
        let entry = try #require(try ledger.auditEntries(after: 0, limit: 1000).last { $0.action == "account.unlocked" })
        #expect(entry.subject == "office" && entry.actor == "system" && entry.peerUID == getuid())
        #expect(try ledger.verifyAudit(from: nil).firstBad == nil)

        // A name with no account is refused with status 1; a config that cannot be read too.
        #expect(AccountUnlock.run(configPath: configPath, name: "nobody", now: now) == 1)
        #expect(AccountUnlock.run(configPath: directory + "/missing.conf", name: "office", now: now) == 1)
    }
}
