import Foundation
import Testing

/// The POS example in docs/ works as written against a live unattended kiosk.
@Suite(.serialized) struct POSExampleTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/pos-example.py").path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func theDocumentedPOSSellsAndPrintsTheReceipt() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false, confirm: "automatic")
        try kiosk.start()
        try kiosk.ready("clerk")
        let vouchers = try kiosk.vouchers()
        let pos = Process()
        pos.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        pos.arguments = [Self.script, "--socket", kiosk.socket, "--user", "clerk", "--program", "KMTPREMIUM", "--amount", "2000"]
        pos.environment = ["KIOSK_POS_PASSWORD": "Ready-pass-1"]
        let output = Pipe()
        pos.standardOutput = output
        pos.standardError = output
        try pos.run()
        // The customer's vouchers, as the camera would present them, once the sale's session is open.
        var session: String?
        for _ in 0..<100 where session == nil {
            usleep(50_000)
            let list = try kiosk.ctl("--json", "session", "list", as: "clerk")
            session = list.output.split(separator: "\"").drop { $0 != "session" }.dropFirst(2).first.map(String.init)
        }
        let open = try #require(session, "the POS opened no session")
        #expect(try kiosk.ctl("session", "present", open, vouchers[0][1], as: "clerk").status == 0)
        #expect(try kiosk.ctl("session", "present", open, vouchers[1][1], as: "clerk").status == 0)
        pos.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(pos.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("payment P000000000001") && printed.contains("2,000 yen"), "\(printed)")
        #expect(printed.contains("1. KMTPREMIUM voucher 00000001") && printed.contains("2. KMTPREMIUM voucher 00000002"), "\(printed)")
        kiosk.stop(signal: SIGTERM)
    }
}
