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
            ["report", "daily"], ["report", "daily", "--from", "2026-12-01"], ["report", "monthly", "--to", "2026-12"],
            ["report", "usage", "--from", "2026-12-01"], ["report", "settlement"], ["export", "request", "--to", "2026-12-31"],
            ["session", "open", "--program", "KMTPREMIUM"], ["issue", "vouchers", "KMTPREMIUM"], ["store", "create", "S-9"],
            ["terminal", "create", "T-9", "--name", "x"], ["merchant", "change", "M-0001"],
        ] {
            let result = try kiosk.run("kioskctl", ["--socket", kiosk.socket] + command, environment: ["XDG_RUNTIME_DIR": kiosk.directory + "/run-manager"])
            #expect(result.status == 2, "\(command): \(result)")
        }
        // Not logged in: 4. Refused: 1. Not this account's to do: 5.
        #expect(try kiosk.ctl("report", "daily", "--from", "2026-12-01", "--to", "2026-12-02").status == 4)
        #expect(try kiosk.ctl("session", "status", "00000000000000ff", as: "clerk").status == 1)
        #expect(try kiosk.ctl("report", "daily", "--from", "2026-12-01", "--to", "2026-12-02", as: "clerk").status == 5)
        #expect(try kiosk.ctl("merchant", "create", "M-9", "--name", "x", as: "manager").status == 5)
        kiosk.stop(signal: SIGTERM)
    }
}
