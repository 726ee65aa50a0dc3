import Foundation
import Testing

@testable import Kiosk

/// An operator's checks through kioskctl: a payment edited in the file with SQL is named by
/// `audit verify` and `ledger check`, which then exit 1; `audit head` gives the head to record.
@Suite(.serialized) struct LedgerCheckTests {
    @Test func aPaymentEditedInTheFileIsNamedByTheOperatorsChecks() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("clerk")
        try kiosk.ready("office")
        let vouchers = try kiosk.vouchers()
        let opened = try #require(try kiosk.json("session", "open", "--program", "KMTPREMIUM", "--amount", "1000", as: "clerk") as? [String: Any])
        let session = try #require(opened["session"] as? String)
        #expect(try kiosk.ctl("session", "present", session, vouchers[0][1], as: "clerk").status == 0)
        #expect(try kiosk.ctl("session", "confirm", session, "--key", "check-1", as: "clerk").status == 0)

        let clean = try kiosk.ctl("ledger", "check", as: "office")
        #expect(clean.status == 0 && clean.output.contains("the ledger is sound"), "\(clean)")
        let head = try kiosk.ctl("audit", "head", as: "office")
        let recorded = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head.status == 0 && AuditCheckpoint(recorded) != nil, "\(head)")
        #expect(try kiosk.ctl("audit", "verify", "--head", recorded, as: "office").status == 0)
        #expect(try kiosk.ctl("audit", "verify", "--head", "12:zz", as: "office").status == 1)

        // Someone with the file and sqlite3 makes the payment 50,000 yen.
        kiosk.stop(signal: SIGTERM)
        let ledger = try SQLiteLedger.open(path: kiosk.ledgerPath)
        try ledger.read { db throws(LedgerError) in
            try db.execute("UPDATE payments SET requested = 50000, amount = 50000 WHERE id = 1")
        }
        try kiosk.start()
        #expect(try kiosk.ctl("login", "office", "--password-fd", "0", as: "office", input: "Ready-pass-1\n").status == 0)
        let verify = try kiosk.ctl("audit", "verify", as: "office")
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.output.contains("NOT OK") && verify.output.contains("payments P000000000001: amount is 50000 in the row"), "\(verify.output)")
        let check = try kiosk.ctl("ledger", "check", as: "office")
        #expect(check.status == 1 && check.output.contains("THE LEDGER HAS PROBLEMS"), "\(check)")
        kiosk.stop(signal: SIGTERM)
    }
}
