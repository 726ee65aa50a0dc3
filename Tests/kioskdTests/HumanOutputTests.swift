import Foundation
import Testing

/// What an operator reads from kioskctl: times in the kiosk's zone in the manuals' form, money
/// with its unit, Japanese names aligned by their display width, never a raw dictionary.
@Suite(.serialized) struct HumanOutputTests {
    /// Display columns as a terminal counts them (the names here are kana, kanji and ASCII).
    static func columns(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && $1.value != 0x2605 ? 2 : 1) }
    }

    @Test func tablesTimesAndMoneyReadAsTheManualsShowThem() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("clerk")
        try kiosk.ready("manager")
        let programs = try kiosk.ctl("program", "list", as: "clerk")
        let lines = programs.output.split(separator: "\n")
        #expect(lines.count == 3, "\(programs)")
        // The column after the Japanese names starts at the same display column on every line.
        let starts = lines.map { line -> Int in
            let range = line.range(of: "KMTPREMIUM") ?? line.range(of: "KSZSTAR") ?? line.range(of: "program ")!
            return Self.columns(line[..<range.lowerBound])
        }
        #expect(Set(starts).count == 1, "\(programs.output)")
        #expect(programs.output.contains("1,000 yen"), "\(programs.output)")
        // Validity ends on its last second, not at the next midnight; days and months with slashes.
        try kiosk.ready("office")
        let created = try kiosk.ctl(
            "program", "create", "SPRING27", "--number", "31", "--name", "春", "--kind", "paper", "--unit", "500",
            "--face-value", "500", "--maximum", "5000", "--from", "2027-03-01", "--until", "2027-03-31", "--deadline", "2027-04-15",
            as: "office")
        #expect(created.output.contains("2027/03/01 00:00:00") && created.output.contains("2027/03/31 23:59:59"), "\(created)")
        let sales = try kiosk.ctl("report", "sales", "--from", "2026-11-01", "--to", "2026-11-07", as: "manager")
        #expect(sales.output.hasPrefix("sales 2026/11/01 to 2026/11/07"), "\(sales)")
        let monthly = try kiosk.ctl("report", "monthly", "--from", "2026-10", "--to", "2026-11", as: "manager")
        #expect(!monthly.output.contains("2026-1"), "\(monthly)")

        // A payment, then the manager's refund search: local times, yen, codes, no Swift dictionary.
        let vouchers = try kiosk.vouchers()
        let opened = try kiosk.ctl("session", "open", "--program", "KMTPREMIUM", "--amount", "1000", as: "clerk")
        let session = try #require(opened.output.split(separator: " ").dropFirst().first.map(String.init))
        #expect(try kiosk.ctl("session", "present", session, vouchers[0][1], as: "clerk").status == 0)
        let paid = try kiosk.ctl("session", "confirm", session, as: "clerk")
        #expect(paid.status == 0)
        let search = try kiosk.ctl("refund", "search", "--amount", "1000", as: "manager")
        #expect(search.status == 0, "\(search)")
        for output in [paid.output, search.output] {
            #expect(output.range(of: #"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}"#, options: .regularExpression) != nil, "\(output)")
            #expect(output.range(of: #"\d{4}-\d{2}-\d{2}T"#, options: .regularExpression) == nil, "\(output)")
            #expect(!output.contains("[\"") && !output.contains("\":"), "a raw dictionary: \(output)")
        }
        #expect(search.output.contains("KMTPREMIUM voucher 00000001"), "\(search.output)")
        #expect(try kiosk.ctl("account", "list", as: "manager").output.contains("locked_until"))
        // The refund's memo shows where the payment is found again, and a page past the end says so.
        #expect(try kiosk.ctl("refund", "confirm", "P000000000001", "--memo", "返品のため", as: "manager").status == 0)
        let refunded = try kiosk.ctl("refund", "search", "--payment", "P000000000001", as: "manager")
        #expect(refunded.output.contains("返品のため"), "\(refunded.output)")
        let day = try #require(search.output.range(of: #"\d{4}/\d{2}/\d{2}"#, options: .regularExpression).map { search.output[$0] })
        let dayText = day.replacingOccurrences(of: "/", with: "-")
        let usage = try kiosk.ctl("report", "usage", "--from", dayText, "--to", dayText, as: "manager")
        #expect(usage.output.contains("返品のため"), "\(usage)")
        let past = try kiosk.ctl("report", "usage", "--from", dayText, "--to", dayText, "--page", "99", as: "manager")
        #expect(past.status == 1 && past.output.contains("nothing found on page 99"), "\(past)")
        let none = try kiosk.ctl("refund", "search", "--amount", "777000", as: "manager")
        #expect(none.status == 1 && none.output.contains("nothing found"), "\(none)")
        kiosk.stop(signal: SIGTERM)
    }
}
