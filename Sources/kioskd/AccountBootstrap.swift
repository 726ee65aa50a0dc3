import Foundation
import Kiosk

/// `kioskd create-account`: adds an account to the kiosk's ledger without the daemon, for the
/// first program-office account of a new kiosk. Whoever can write the ledger file may do this,
/// so it is recorded in the audit log as the system, with the uid that ran it.
enum AccountBootstrap {
    static func run(configPath: String, name: String, roleText: String) -> Int32 {
        func fail(_ message: String, _ status: Int32 = 1) -> Int32 {
            FileHandle.standardError.write(Data("kioskd: create-account: \(message)\n".utf8))
            return status
        }
        guard let role = Role(rawValue: roleText) else {
            return fail("'\(roleText)' is not a role: staff, manager, representative or program_office", 2)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            return fail("give the initial password as the first line of standard input", 2)
        }
        do {
            let config = try DaemonConfig.load(path: configPath)
            let ledger = try config.ledger.open(timeZone: .tokyo, terminal: nil)
            let accounts = try AccountDesk(store: ledger, policy: config.accounts.policy)
            let principal = Principal(name: "system", role: .programOffice, peerUID: getuid())
            try accounts.createAccount(name: name, role: role, initialPassword: line, by: principal, now: .now())
            print("account \(name) (\(role.rawValue)) created; its password must be changed at first login")
            return 0
        } catch let error as AccountError {
            return fail(error.message)
        } catch let error as LedgerError {
            return fail(error.message)
        } catch {
            return fail("\(error)")
        }
    }
}
