import Foundation
import Testing

/// A new program's secret: made by `kioskd secret generate`, loaded by SIGHUP without a restart,
/// and until then its sessions are refused with the reason and `status` names it.
@Suite(.serialized) struct ProgramSecretTests {
    @Test func aSecretGeneratedAndReloadedLetsTheProgramsSessionsOpen() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("office")
        try kiosk.ready("clerk")
        let created = try kiosk.ctl(
            "program", "create", "NEWCITY", "--number", "7", "--name", "新しい街商品券", "--kind", "paper", "--unit", "1000",
            "--face-value", "1000", "--maximum", "5000", "--from", "2026-01-01", "--until", "2027-12-31", "--deadline", "2028-01-31",
            as: "office"
        )
        #expect(created.status == 0, "\(created)")
        let refused = try kiosk.ctl("session", "open", "--program", "NEWCITY", "--amount", "1000", as: "clerk")
        #expect(refused.status == 1 && refused.error.contains("no_key_for_program"), "\(refused)")
        #expect(try kiosk.ctl("--json", "status").output.contains(#""programs_without_secret":["NEWCITY"]"#))

        let config = kiosk.directory + "/kioskd.conf"
        let generated = try kiosk.run("kioskd", ["secret", "generate", "--config", config, "NEWCITY", "7"])
        #expect(generated.status == 0, "\(generated)")
        let keysPath = kiosk.directory + "/program-keys"
        let keys = try String(contentsOfFile: keysPath, encoding: .utf8)
        let line = try #require(keys.split(separator: "\n").first { $0.hasPrefix("NEWCITY 7 ") })
        #expect(line.split(separator: " ")[2].count == 64)
        #expect(!generated.output.contains(line.split(separator: " ")[2]), "the secret is never printed")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: keysPath)[.posixPermissions] as? Int)
        #expect(mode == 0o640)
        // A program already there is refused, and the file is unchanged.
        let again = try kiosk.run("kioskd", ["secret", "generate", "--config", config, "NEWCITY", "8"])
        #expect(again.status == 1 && again.error.contains("already"), "\(again)")
        #expect(try String(contentsOfFile: keysPath, encoding: .utf8) == keys)

        // SIGHUP: the new program's sessions open without a restart.
        kill(try #require(kiosk.daemon?.processIdentifier), SIGHUP)
        var opened = try kiosk.ctl("session", "open", "--program", "NEWCITY", "--amount", "1000", as: "clerk")
        for _ in 0..<50 where opened.status != 0 {
            usleep(100_000)
            opened = try kiosk.ctl("session", "open", "--program", "NEWCITY", "--amount", "1000", as: "clerk")
        }
        #expect(opened.status == 0, "\(opened)")
        #expect(try kiosk.ctl("--json", "status").output.contains(#""programs_without_secret":[]"#))
        let session = try #require(opened.output.split(separator: " ").dropFirst().first.map(String.init))
        #expect(try kiosk.ctl("session", "abort", session, as: "clerk").status == 0)

        // A program removed from the file is refused after the next SIGHUP.
        try keys.split(separator: "\n").filter { !$0.hasPrefix("NEWCITY ") }.joined(separator: "\n").appending("\n")
            .write(toFile: keysPath, atomically: true, encoding: .utf8)
        kill(try #require(kiosk.daemon?.processIdentifier), SIGHUP)
        var removed = try kiosk.ctl("session", "open", "--program", "NEWCITY", "--amount", "1000", as: "clerk")
        for _ in 0..<50 where removed.status == 0 {
            let id = removed.output.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            _ = try kiosk.ctl("session", "abort", id, as: "clerk")
            usleep(100_000)
            removed = try kiosk.ctl("session", "open", "--program", "NEWCITY", "--amount", "1000", as: "clerk")
        }
        #expect(removed.status == 1 && removed.error.contains("no_key_for_program"), "\(removed)")
        kiosk.stop(signal: SIGTERM)
        let log = try String(contentsOfFile: kiosk.directory + "/kioskd.log", encoding: .utf8)
        #expect(log.contains("program secrets: 3 loaded, added NEWCITY"), "\(log.suffix(2000))")
    }
}
