// The accounts part of ledger-bench (`--reports` runs it too): what a yescrypt hash costs, and a
// whole login (hash check, lockout state and audit entry written) through the account desk.
import Foundation
import Kiosk

@MainActor
func loginBench(_ ledger: RelationalLedger, now: Timestamp) {
    do { try timeLogins(ledger, now: now) } catch { fail("login bench: \(error)") }
}

@MainActor
func timeLogins(_ ledger: RelationalLedger, now: Timestamp) throws {
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
    // What a prober sees: the same wrong answer for an unknown name, a locked account and an
    // overlong password should cost the same as a real name's wrong password.
    func time(_ name: String, _ password: String, at second: Int64) -> Double {
        let start = DispatchTime.now()
        _ = try? accounts.login(name: name, password: password, peerUID: 0, now: now.adding(seconds: second))
        return seconds(start)
    }
    let unknown = (0..<20).map { time("nobody\($0)", "Wrong-pass-1", at: 200) }
    _ = time("bench", "Wrong-pass-4", at: 100)  // the fifth failure: locked
    let locked = (0..<20).map { time("bench", "Wrong-pass-\($0)", at: 101) }
    let long = String(repeating: "x", count: 1000)
    let longReal = (0..<10).map { _ in time("bench", long, at: 102) }
    let longUnknown = (0..<10).map { _ in time("nobody", long, at: 300) }
    print(
        "probing names: unknown name p50 \(ms(percentile(unknown, 0.5))), locked account p50 \(ms(percentile(locked, 0.5))), 1,000-character password real name p50 \(ms(percentile(longReal, 0.5))) / unknown name p50 \(ms(percentile(longUnknown, 0.5)))"
    )
}
