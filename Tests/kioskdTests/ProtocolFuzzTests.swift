import Foundation
import TestSupport
import Testing

@testable import Kiosk

/// A live kioskd under 20,000 hostile requests on its socket, sent by a logged-in program office
/// (who may use every operation): it must answer each one, never crash, and change no money.
@Suite(.serialized) struct ProtocolFuzzTests {
    /// Every operation with a valid value for each of its fields. Operations that change something
    /// always get their first field (the program, session, payment or account) made hostile.
    static let operations: [(op: String, changes: Bool, fields: [(String, String)])] = [
        ("status", false, []),
        ("session.open", true, [("program", #""KMTPREMIUM""#), ("amount", "1000")]),
        ("session.present", true, [("session", #""00000000000000ff""#), ("code", #""KQ1P:KMTPREMIUM:00000001:AAAAAAAAAAAAAAAA""#), ("typed", "false")]),
        ("session.status", false, [("session", #""00000000000000ff""#)]),
        ("session.settle", true, [("session", #""00000000000000ff""#)]),
        ("session.confirm", true, [("session", #""00000000000000ff""#), ("idempotency_key", #""fuzz-1""#)]),
        ("session.abort", true, [("session", #""00000000000000ff""#)]),
        ("balance", false, [("code", #""1001000000010000000""#), ("typed", "true")]),
        ("login", true, [("name", #""nosuchname""#), ("password", #""Some-pass-1""#)]),
        ("account.create", true, [("name", #""fuzzer""#), ("role", #""staff""#), ("initial_password", #""Initial-pass-9""#)]),
        ("account.reset", true, [("name", #""fuzzer""#), ("initial_password", #""Initial-pass-9""#)]),
        ("account.list", false, []),
        (
            "refund.search", false,
            [("payment", #""P000000000001""#), ("date", #""2026-12-01""#), ("amount", "1000"), ("include_refunded", "true"), ("limit", "10")]
        ),
        ("refund.preview", false, [("payment", #""P000000000001""#)]),
        ("refund.confirm", true, [("payment", #""P000000000001""#), ("idempotency_key", #""fuzz-1""#), ("memo", #""m""#)]),
        ("program.list", false, []),
        (
            "program.create", true,
            [
                ("program", #""FUZZ""#), ("number", "9"), ("name", #""fuzz""#), ("kind", #""paper""#), ("unit", "1000"),
                ("face_value", "1000"), ("maximum_per_transaction", "5000"), ("valid_from", #""2026-12-01""#),
                ("valid_until", #""2027-03-31""#), ("redemption_deadline", #""2027-04-30""#), ("refund_hours", "24"),
                ("payout_delay", "10"),
            ]
        ),
        ("report.sales", false, [("from", #""2026-12-01""#), ("to", #""2026-12-31""#), ("store", #""S-0001""#), ("terminal", #""T-0001""#)]),
        (
            "report.usage", false,
            [
                ("from", #""2026-12-01""#), ("to", #""2026-12-31""#), ("program", #""KMTPREMIUM""#), ("payment", #""P000000000001""#),
                ("amount", "1000"), ("include_refunded", "true"), ("page", "1"), ("page_size", "25"),
            ]
        ),
        ("report.daily", false, [("from", #""2026-12-01""#), ("to", #""2026-12-31""#)]),
        ("report.monthly", false, [("from", #""2026-10""#), ("to", #""2026-12""#)]),
        ("report.settlement", false, [("program", #""KMTPREMIUM""#), ("store", #""S-0001""#)]),
        ("export.request", false, [("from", #""2026-12-01""#), ("to", #""2026-12-31""#), ("encoding", #""utf-8""#)]),
        ("export.status", false, [("receipt", #""E000000000001""#)]),
        ("export.fetch", false, [("receipt", #""E000000000001""#), ("offset", "0")]),
        ("issue.vouchers", true, [("program", #""KMTPREMIUM""#), ("count", "1")]),
        ("issue.eticket", true, [("program", #""KMTSTAR""#), ("balance", "1000"), ("days", "30")]),
        ("audit.verify", false, []), ("outbox.status", false, []), ("camera.status", false, []), ("camera.list", false, []),
    ]

    /// Numbers no field accepts, and numbers that overflow arithmetic done with them.
    static let hostileIntegers = [
        "9223372036854775807", "-9223372036854775808", "-1", "0", "9007199254740993", "99999999999999999999999",
        "1000.0", "1e3", "-0", "1E400", "0x10", "01000",
    ]
    /// Strings no field accepts (none is a valid code, name, day or key), some aimed at SQL, paths and formats.
    static let hostileTexts = [
        #""""#, #"" ""#, #""'; DROP TABLE payments; --""#, #""../../../etc/passwd""#, #""%s%n%x%d""#,
        #""\u0000""#, #""\ud800""#, #""\uFFFF\uDBFF\uDFFF""#, #""２０２６－１２－０１""#, #""2026-02-30""#, #""9999-99-99""#,
        #""P99999999999999999999""#, #""KQ1P:KMTPREMIUM:99999999:AAAAAAAAAAAAAAAA""#, #""0000000000000000000""#,
        "\"" + String(repeating: "Ａ", count: 5000) + "\"", #""-1""#, #""+""#,
    ]
    /// Values of the wrong type for any field.
    static let wrongTypes = ["null", "true", "[]", "{}", #"[1,2,3]"#, #"{"a":{"b":{"c":[]}}}"#, "1.5"]

    /// One hostile request line: a valid request with one to three fields made hostile, or broken syntax.
    static func hostileLine(_ random: inout SeededRandom, id: Int, token: String) -> [UInt8] {
        let (op, changes, fields) = operations.randomElement(using: &random)!
        var members = [#""id":\#(id)"#, #""op":"\#(op)""#]
        if Int.random(in: 0..<10, using: &random) > 0 { members.append(#""token":"\#(token)""#) }
        var hostile = Set((0..<Int.random(in: 1...3, using: &random)).map { _ in Int.random(in: 0..<max(fields.count, 1), using: &random) })
        if changes { hostile.insert(0) }
        for (index, (name, valid)) in fields.enumerated() {
            guard hostile.contains(index) else {
                members.append(#""\#(name)":\#(valid)"#)
                continue
            }
            let value: String
            if Int.random(in: 0..<4, using: &random) == 0 {
                value = wrongTypes.randomElement(using: &random)!
            } else if valid.hasPrefix("\"") {
                value = hostileTexts.randomElement(using: &random)!
            } else if valid == "true" || valid == "false" {
                value = ["0", "1", #""true""#, "null"].randomElement(using: &random)!
            } else {
                value = hostileIntegers.randomElement(using: &random)!
            }
            members.append(#""\#(name)":\#(value)"#)
        }
        if fields.isEmpty || Int.random(in: 0..<8, using: &random) == 0 {
            members.append(#""unexpected":1"#)  // a field the operation does not take
        }
        var line = Array(("{" + members.joined(separator: ",") + "}").utf8)
        switch Int.random(in: 0..<12, using: &random) {
        case 0: line.insert(contentsOf: Array(",".utf8), at: line.count - 1)  // trailing comma
        case 1: line.insert(contentsOf: Array(#","op":"status""#.utf8), at: line.count - 1)  // a key twice
        case 2: line.removeLast(Int.random(in: 1..<line.count, using: &random))  // cut short (a blank line gets no answer)
        case 3: line[Int.random(in: 0..<line.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
        case 4: line = (0..<Int.random(in: 1...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 5: line = Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)
        default: break
        }
        line = line.map { $0 == 10 ? 32 : $0 }
        return line.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 } ? Array("x".utf8) : line
    }

    /// What money and sites the ledger holds: the fuzz must leave all of it as it was.
    static func holdings(_ path: String) throws -> [Int64] {
        let ledger = try SQLiteLedger.open(path: path)
        return try ledger.read { db throws(LedgerError) in
            var counts: [Int64] = []
            for sql in [
                "SELECT count(*) FROM payments", "SELECT count(*) FROM refunds", "SELECT count(*) FROM programs",
                "SELECT count(*) FROM vouchers", "SELECT count(*) FROM vouchers WHERE state = 'spent'",
                "SELECT count(*) FROM etickets", "SELECT coalesce(sum(balance), 0) FROM etickets",
                "SELECT count(*) FROM accounts", "SELECT count(*) FROM terminals", "SELECT count(*) FROM outbox",
            ] {
                counts.append(try db.first(sql) { $0.int(0) } ?? -1)
            }
            return counts
        }
    }

    /// The page whose offset overflowed and killed kioskd.
    @Test func aPageNumberPastAnyOffsetIsRefusedAndKioskdLives() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("office")
        let refused = try kiosk.ctl(
            "report", "usage", "--from", "2026-12-01", "--to", "2026-12-31", "--page", "9223372036854775807", "--page-size", "2",
            as: "office"
        )
        #expect(refused.status == 1 && refused.error.contains("page"), "\(refused)")
        #expect(kiosk.daemon?.isRunning == true)
        #expect(try kiosk.ctl("status").status == 0)
        kiosk.stop(signal: SIGTERM)
    }

    @Test func twentyThousandHostileRequestsCrashNothingAndChangeNothing() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("office")
        let before = try Self.holdings(kiosk.ledgerPath)
        var client = try ControlSocketTests.Client(path: kiosk.socket)
        let login = try client.call(#"{"id":"login","op":"login","name":"office","password":"\#(ControlSocketTests.ready)"}"#)
        let token = try #require(login?.result?.login?.token)
        var random = SeededRandom(seed: 20_261_204)
        var answered = 0
        var accepted: [String] = []
        var reconnects = 0
        for id in 1...20_000 {
            let line = Self.hostileLine(&random, id: id, token: token)
            let sent = client.send(bytes: line) + client.send(bytes: [10])
            guard sent == line.count + 1, let reply = try client.readReply() else {
                // kioskd may close a connection on a line it cannot take; it must still be running.
                usleep(100_000)
                try #require(kiosk.daemon?.isRunning == true, "kioskd died on request \(id): \(String(decoding: line, as: UTF8.self))")
                client = try ControlSocketTests.Client(path: kiosk.socket)
                reconnects += 1
                continue
            }
            answered += 1
            // A request kioskd carried out is one it read, as the protocol reads it.
            let op = if case .success(let request) = ControlRequest.decode(line).request { request.operation.rawValue } else { "" }
            if reply.result != nil && Self.operations.contains(where: { $0.op == op && $0.changes }) {
                accepted.append(String(decoding: line, as: UTF8.self))
            }
        }
        #expect(kiosk.daemon?.isRunning == true, "kioskd is still running")
        let status = try kiosk.ctl("status")
        #expect(status.status == 0, "status after the fuzz: \(status)")
        kiosk.stop(signal: SIGTERM)
        #expect(accepted.isEmpty, "hostile requests that changed something: \(accepted.prefix(5))")
        #expect(try Self.holdings(kiosk.ledgerPath) == before)
        #expect(answered + reconnects == 20_000)
        #expect(answered > 15_000, "\(answered) answered, \(reconnects) connections closed")
    }
}
