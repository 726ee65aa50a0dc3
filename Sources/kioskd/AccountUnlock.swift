import Foundation
import Kiosk

/// `kioskd unlock-account`: lifts an account's lock straight in the kiosk's ledger, without the
/// daemon and without a login: the recovery when the only account that could reset a password
/// (often the one program-office account) is itself locked by failed logins.
///
/// Whoever can write the ledger file may do this (root, or the kioskd user), so it is recorded
/// in the audit log as the system with the uid that ran it. The password is left as it is; a
/// running kioskd sees the unlock at the account's next login, since it reads the lock from the
/// ledger each time.
enum AccountUnlock {
    /// Runs the subcommand; returns the exit status (0 unlocked, 1 refused, 2 usage).
    static func run(configPath: String, name: String, now: Timestamp = .now()) -> Int32 {
        func fail(_ message: String, _ status: Int32 = 1) -> Int32 {
            FileHandle.standardError.write(Data("kioskd: unlock-account: \(message)\n".utf8))
            return status
        }
        do {
            let config = try DaemonConfig.load(path: configPath)
            let ledger = try config.ledger.open(timeZone: .tokyo, terminal: nil)
            let accounts = try AccountDesk(store: ledger, policy: config.accounts.policy)
            let principal = Principal(name: "system", role: .programOffice, peerUID: getuid())
            if let until = try accounts.unlock(name, by: principal, now: now) {
                print("account \(name) unlocked (it was locked until \(until) UTC); its password is unchanged")
            } else {
                print("account \(name) was not locked; its failed logins are cleared")
            }
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
