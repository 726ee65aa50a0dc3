import Foundation
import Testing

/// Small things a clerk meets at the counter, through kioskctl.
@Suite(.serialized) struct OperatorCommandTests {
    @Test func aClerkListsProgramsAndTypesACodeWithoutTheTypedFlag() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("clerk")
        let programs = try kiosk.ctl("program", "list", as: "clerk")
        #expect(programs.status == 0 && programs.output.contains("KMTPREMIUM"), "\(programs)")
        #expect(try kiosk.ctl("program", "create", "X", as: "clerk").status != 0)
        let typed = try kiosk.vouchers()[0][2]
        let balance = try kiosk.ctl("balance", typed, as: "clerk")
        #expect(balance.status == 0 && balance.output.contains("1,000"), "\(balance)")
        kiosk.stop(signal: SIGTERM)
    }

    @Test func anETicketsKeyDrawsCodesTheKioskAccepts() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        defer { kiosk.stop(signal: SIGTERM) }
        try kiosk.ready("office")
        try kiosk.ready("clerk")
        let programs = try #require(try kiosk.json("program", "list", as: "office") as? [[String: Any]])
        let eticket = try #require(programs.first { $0["kind"] as? String == "eticket" }?["program"] as? String)
        let issued = try #require(try kiosk.json("issue", "eticket", eticket, "--balance", "3000", "--days", "30", as: "office") as? [String: Any])
        let key = try #require(issued["key"] as? String)
        let ticket = try #require(issued["eticket"] as? Int)
        // The phone app's reference, offline: the QR text and the typed code of now.
        let drawn = try kiosk.run("kioskctl", ["eticket", "code", "--program", eticket, "--ticket", "\(ticket)", "--key", key])
        #expect(drawn.status == 0, "\(drawn)")
        let lines = drawn.output.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
        let payload = try #require(lines.first { $0.first == "qr" }?.last?.trimmingCharacters(in: .whitespaces))
        let typed = try #require(lines.first { $0.first == "typed" }?.last?.trimmingCharacters(in: .whitespaces))
        for code in [payload, typed] {
            let balance = try kiosk.ctl("balance", code, as: "clerk")
            #expect(balance.status == 0 && balance.output.contains("3,000"), "the kiosk reads the drawn code \(code): \(balance)")
        }
        // Another ticket's number with this key draws codes the kiosk refuses.
        let forged = try kiosk.run("kioskctl", ["eticket", "code", "--program", eticket, "--ticket", "\(ticket + 1)", "--key", key])
        let forgedPayload = try #require(forged.output.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        #expect(try kiosk.ctl("balance", forgedPayload, as: "clerk").status == 1)
        #expect(try kiosk.run("kioskctl", ["eticket", "code", "--program", eticket, "--ticket", "1", "--key", "027-ABC"]).status == 2)
    }

    @Test func aClerkWhoLeftIsDisabledCannotLogInAndIsEnabledAgain() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("clerk")
        try kiosk.ready("manager")
        #expect(try kiosk.ctl("session", "list", as: "clerk").status == 0)
        #expect(try kiosk.ctl("account", "disable", "clerk", as: "manager").status == 0)
        // Its login ended at once; the right password answers that it is disabled.
        #expect(try kiosk.ctl("session", "list", as: "clerk").status == 4)
        let login = try kiosk.ctl("login", "clerk", "--password-fd", "0", as: "clerk", input: "Ready-pass-1\n")
        #expect(login.status == 1 && login.error.contains("account_disabled"), "\(login)")
        let wrong = try kiosk.ctl("login", "clerk", "--password-fd", "0", as: "clerk", input: "Not-it-999\n")
        #expect(wrong.error.contains("wrong_credentials"), "a wrong password learns nothing: \(wrong)")
        #expect(try kiosk.ctl("--json", "account", "list", as: "manager").output.contains(#""disabled_at":"20"#))
        // Not one's own account, nor a higher role's.
        #expect(try kiosk.ctl("account", "disable", "manager", as: "manager").status == 5)
        #expect(try kiosk.ctl("account", "disable", "office", as: "manager").status == 5)
        #expect(try kiosk.ctl("account", "enable", "clerk", as: "manager").status == 0)
        #expect(try kiosk.ctl("login", "clerk", "--password-fd", "0", as: "clerk", input: "Ready-pass-1\n").status == 0)
        kiosk.stop(signal: SIGTERM)
        let log = try String(contentsOfFile: kiosk.directory + "/kioskd.log", encoding: .utf8)
        #expect(log.contains("account clerk disabled by manager"))
    }
}
