import Foundation
import Testing

/// Sites through kioskctl: a kiosk whose terminal is not registered says so and what to run; the
/// program office registers the merchant, its representative the store and the terminal; a
/// disabled terminal takes no session, and its history stays.
@Suite(.serialized) struct SiteTests {
    @Test func aKioskGetsItsTerminalRegisteredAndDisabledThroughKioskctl() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        var config = try String(contentsOfFile: kiosk.directory + "/kioskd.conf", encoding: .utf8)
        config = config.replacingOccurrences(of: "terminal = T-0001", with: "terminal = KIOSK-2")
        try config.write(toFile: kiosk.directory + "/kioskd.conf", atomically: true, encoding: .utf8)
        try kiosk.start()
        try kiosk.ready("office")
        try kiosk.ready("clerk")
        let log = try String(contentsOfFile: kiosk.directory + "/kioskd.log", encoding: .utf8)
        #expect(log.contains("terminal KIOSK-2 is not registered in the ledger") && log.contains("kioskctl terminal create KIOSK-2"), "\(log)")
        let status = try kiosk.ctl("--json", "status")
        #expect(status.output.contains(#""terminal_registered":false"#), "\(status)")
        let refused = try kiosk.ctl("session", "open", "--program", "KMTPREMIUM", "--amount", "1000", as: "clerk")
        #expect(refused.status == 1 && refused.error.contains("unknown_site"), "\(refused)")

        // The office registers the merchant with its representative; the representative its store and terminal.
        let password = "Rep-initial-1\nRep-initial-1\n"
        #expect(try kiosk.ctl("account", "create", "kaga", "--role", "representative", "--password-fd", "0", as: "office", input: password).status == 0)
        #expect(try kiosk.ctl("login", "kaga", "--password-fd", "0", as: "kaga", input: "Rep-initial-1\n").status == 0)
        #expect(try kiosk.ctl("password", "change", "--password-fd", "0", as: "kaga", input: "Rep-initial-1\nReady-pass-1\nReady-pass-1\n").status == 0)
        let merchant = try kiosk.ctl("merchant", "create", "KAGA", "--name", "加賀商店", "--representative", "kaga", "--contact", "0761-00-0000", as: "office")
        #expect(merchant.status == 0, "\(merchant)")
        #expect(try kiosk.ctl("merchant", "create", "OTHER", "--name", "Other", as: "kaga").status == 5)  // the office's register
        #expect(try kiosk.ctl("store", "create", "KAGA-1", "--merchant", "KAGA", "--name", "加賀商店 本店", as: "kaga").status == 0)
        // Not its merchant: the demo store belongs to another merchant.
        let foreign = try kiosk.ctl("terminal", "create", "X-1", "--store", "S-0001", "--name", "x", as: "kaga")
        #expect(foreign.status == 5 && foreign.error.contains("not the representative"), "\(foreign)")
        #expect(try kiosk.ctl("terminal", "create", "KIOSK-2", "--store", "KAGA-1", "--name", "入口の端末", as: "kaga").status == 0)
        let listed = try kiosk.ctl("--json", "terminal", "list", as: "kaga")
        #expect(listed.output.contains("KIOSK-2") && !listed.output.contains("T-0001"), "\(listed)")  // only its own
        #expect(try kiosk.ctl("--json", "terminal", "list", as: "office").output.contains("T-0001"))

        // Registered: the kiosk takes a session at once.
        let opened = try kiosk.ctl("session", "open", "--program", "KMTPREMIUM", "--amount", "1000", as: "clerk")
        #expect(opened.status == 0, "\(opened)")
        let session = try #require(opened.output.split(separator: " ").dropFirst().first.map(String.init))
        #expect(try kiosk.ctl("session", "abort", session, as: "clerk").status == 0)
        #expect(try kiosk.ctl("--json", "status").output.contains(#""terminal_registered":true"#))

        // Disabled: no new session, with the reason; enabled again: sessions open.
        #expect(try kiosk.ctl("terminal", "disable", "KIOSK-2", as: "kaga").status == 0)
        let disabled = try kiosk.ctl("session", "open", "--program", "KMTPREMIUM", "--amount", "1000", as: "clerk")
        #expect(disabled.status == 1 && disabled.error.contains("site_disabled"), "\(disabled)")
        #expect(try kiosk.ctl("--json", "status").output.contains("is disabled"))
        #expect(try kiosk.ctl("store", "change", "KAGA-1", "--name", "加賀商店 駅前店", as: "kaga").status == 0)
        #expect(try kiosk.ctl("terminal", "enable", "KIOSK-2", as: "kaga").status == 0)
        #expect(try kiosk.ctl("session", "open", "--program", "KMTPREMIUM", "--amount", "1000", as: "clerk").status == 0)
        #expect(try kiosk.ctl("store", "change", "KAGA-1", as: "kaga").status == 2)  // nothing to change
        kiosk.stop(signal: SIGTERM)
    }
}
