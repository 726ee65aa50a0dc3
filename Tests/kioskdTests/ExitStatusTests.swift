import Foundation
import Testing

/// One rule for kioskctl's exit status, whatever the command (docs/protocol.md's table): a
/// missing option is 2, a refusal 1, not logged in 4, not allowed for this account 5.
@Suite(.serialized) struct ExitStatusTests {
    @Test func everyCommandFollowsTheSameRule() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("clerk")
        try kiosk.ready("manager")
        // A missing option: 2, for every command, before kioskd is asked.
        for command in [
            ["report", "daily", "--from", "2026-12-01"], ["report", "monthly", "--to", "2026-12"],
            ["report", "usage", "--from", "2026-12-01"], ["report", "settlement"], ["export", "request", "--to", "2026-12-31"],
            ["session", "open", "--program", "KMTPREMIUM"], ["issue", "vouchers", "KMTPREMIUM"], ["store", "create", "S-9"],
            ["terminal", "create", "T-9", "--name", "x"], ["merchant", "change", "M-0001"],
        ] {
            let result = try kiosk.run("kioskctl", ["--socket", kiosk.socket] + command, environment: ["XDG_RUNTIME_DIR": kiosk.directory + "/run-manager"])
            #expect(result.status == 2, "\(command): \(result)")
        }
        // Without a range, the manuals' defaults in the kiosk's zone: today, 31 days, 3 months.
        for kind in ["usage", "daily", "monthly"] {
            let result = try kiosk.ctl("--json", "report", kind, as: "manager")
            // The demo kiosk has taken no payment today: the usage list finds nothing, which is 1.
            #expect(result.status == (kind == "usage" ? 1 : 0) && !result.output.contains("error"), "\(kind): \(result)")
        }
        // Not logged in: 4. Refused: 1. Not this account's to do: 5.
        #expect(try kiosk.ctl("report", "daily", "--from", "2026-12-01", "--to", "2026-12-02").status == 4)
        #expect(try kiosk.ctl("session", "status", "00000000000000ff", as: "clerk").status == 1)
        #expect(try kiosk.ctl("report", "daily", "--from", "2026-12-01", "--to", "2026-12-02", as: "clerk").status == 5)
        #expect(try kiosk.ctl("merchant", "create", "M-9", "--name", "x", as: "manager").status == 5)
        // With --json every outcome is JSON on standard output, errors too, with the same status.
        let refused = try kiosk.ctl("--json", "session", "status", "00000000000000ff", as: "clerk")
        #expect(refused.status == 1 && refused.output.contains(#""code":"session_gone""#), "\(refused)")
        let usage = try kiosk.ctl("--json", "report", "daily", "--to", "2026-12-31", as: "manager")
        #expect(usage.status == 2 && usage.output.contains(#""code":"usage""#), "\(usage)")
        let forbidden = try kiosk.ctl("--json", "merchant", "create", "M-9", "--name", "x", as: "manager")
        #expect(forbidden.status == 5 && forbidden.output.contains(#""code":"forbidden""#), "\(forbidden)")
        // Every daemon command is reached with the command first and options after it.
        let env = ["XDG_RUNTIME_DIR": kiosk.directory + "/run-manager"]
        for command in [["ledger", "check"], ["store", "list"], ["terminal", "list"], ["session", "list"]] {
            let result = try kiosk.run("kioskctl", command + ["--socket", kiosk.socket], environment: env)
            #expect(result.status == 0 || result.status == 5, "\(command): \(result)")
            #expect(!result.error.contains("unknown command"), "\(command): \(result)")
        }
        kiosk.stop(signal: SIGTERM)
    }
}
