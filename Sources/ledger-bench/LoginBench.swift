// The accounts part of ledger-bench (`--reports` runs it too): what a yescrypt hash costs, and a
// whole login (hash check, lockout state and audit entry written) through the account desk.
import Foundation
import Kiosk

@MainActor
func loginBench(_ ledger: SQLiteLedger, now: Timestamp) {
    do { try timeLogins(ledger, now: now) } catch { fail("login bench: \(error)") }
}

@MainActor
func timeLogins(_ ledger: SQLiteLedger, now: Timestamp) throws {
    let hasher = PasswordHasher()
    var hashes: [Double] = []
    var stored = ""
    for _ in 0..<10 {
        let start = DispatchTime.now()
        stored = try hasher.hash("Bench-pass-1")
        hashes.append(seconds(start))
    }
    let accounts = try AccountDesk(store: ledger, hasher: hasher)
    try accounts.createAccount(name: "bench", role: .staff, initialPassword: "Bench-pass-1", by: .system, now: now)
    var logins: [Double] = []
    var wrong: [Double] = []
    for attempt in 0..<20 {
        let start = DispatchTime.now()
        let login = try accounts.login(name: "bench", password: "Bench-pass-1", peerUID: 0, now: now.adding(seconds: Int64(attempt)))
        logins.append(seconds(start))
        accounts.logout(token: login.token)
    }
    for attempt in 0..<4 {  // fewer than the lockout's 5
        let start = DispatchTime.now()
        _ = try? accounts.login(name: "bench", password: "Wrong-pass-\(attempt)", peerUID: 0, now: now.adding(seconds: 100))
        wrong.append(seconds(start))
    }
    print(
        "yescrypt (libcrypt default cost, \(stored.prefix(7))...): hash p50 \(ms(percentile(hashes, 0.5))); login p50 \(ms(percentile(logins, 0.5))) max \(ms(logins.max() ?? .nan)); wrong password p50 \(ms(percentile(wrong, 0.5)))"
    )
}
