import Foundation
import Testing

@testable import Kiosk

/// Reports and the export reckon days in the zone the ledger is opened with, across a daylight
/// saving change and in zones a quarter-hour off the hour; the summary serves every zone.
@Suite struct ReportTimeZoneTests {
    let kids = LedgerFixture.kids

    @Test(arguments: ["America/New_York", "Asia/Kathmandu", "Asia/Tokyo"])
    func daysFollowTheConfiguredZone(identifier: String) throws {
        let f = try ReportFixture()
        let zone = try #require(LedgerTimeZone(identifier: identifier))
        // The same ledger seen from another zone (New York falls back on 2026-11-01: a 25-hour day).
        let ledger = try f.base.reopen(timeZone: zone)
        let day1 = LocalDate("2026-11-01")!
        let instants: [Timestamp] = [
            zone.startOfDay(day1),  // the first instant of November 1
            zone.startOfDay(day1.adding(days: 1)).adding(seconds: -1),  // its last second
            zone.startOfDay(day1.adding(days: 1)),  // November 2
            zone.startOfDay(day1).adding(seconds: -1),  // October 31
        ]
        for (index, at) in instants.enumerated() {
            try f.payTicket(Yen(Int64(100 * (index + 1))), terminal: ReportFixture.t1, at: at)
        }
        #expect(
            zone.startOfDay(day1.adding(days: 1)).seconds(since: zone.startOfDay(day1))
                == (identifier == "America/New_York" ? 90_000 : 86_400)
        )
        let report = try ledger.dailyTotals(
            DailyTotalsQuery(days: LocalDateRange(first: LocalDate("2026-10-31")!, last: LocalDate("2026-11-02")!))
        )
        #expect(
            report.rows.map { "\($0.period) \($0.tally.count) \($0.tally.amount.rawValue)" } == [
                "2026-10-31 1 400", "2026-11-01 2 300", "2026-11-02 1 300",
            ]
        )
        let usage = try ledger.usage(UsageQuery(days: LocalDateRange(day1)))
        #expect(usage.rows.map(\.amount) == [200, 100] && usage.matching == 2)
        // The export writes each time as the zone shows it.
        let records = try ledger.settlementRecords(
            in: zone.instants(of: LocalDateRange(first: LocalDate("2026-10-31")!, last: LocalDate("2026-11-02")!)),
            store: nil
        )
        let writer = try SettlementCSVWriter(encoding: .utf8, timeZone: zone)
        var bytes: [UInt8] = []
        try writer.writeHeader(to: &bytes)
        for record in records { try writer.write(record, to: &bytes) }
        let times = try CSVReader.parse(bytes).dropFirst().map { $0[2] }
        #expect(times == records.map { zone.display($0.at) })
        #expect(times.first?.hasPrefix("2026/10/31 23:59:59") == true)
    }
}
