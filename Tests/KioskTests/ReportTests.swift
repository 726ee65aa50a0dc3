import Foundation
import TestSupport
import Testing

@testable import Kiosk

/// The usage list, totals, sales summary and settlement list: small cases by hand, then a generated
/// ledger whose reports are compared with sums the test makes from what it did.
@Suite struct ReportTests {
    let paper = LedgerFixture.paper
    let kids = LedgerFixture.kids

    @Test func usageListFiltersPagesAndShowsRefunds() throws {
        let f = try ReportFixture(vouchers: 20)
        let a = try f.payPaper(vouchers: 1, terminal: ReportFixture.t1, at: f.july(2))
        let b = try f.payPaper(vouchers: 3, terminal: ReportFixture.t2, at: f.july(2, seconds: 13 * 3600))
        let c = try f.payTicket(700, terminal: ReportFixture.t3, at: f.july(3))
        let d = try f.payPaper(vouchers: 2, terminal: ReportFixture.t3, at: f.july(4))
        let refund = try f.refund(b.id, at: f.july(5))
        let days = LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-31")!)

        let all = try f.ledger.usage(UsageQuery(days: days))
        #expect(all.rows.map(\.payment) == [d.id, c.id, b.id, a.id])  // newest first
        #expect(all.matching == 4 && all.pageCount == 1)
        let rowB = try #require(all.rows.first { $0.payment == b.id })
        #expect(rowB.refund == refund.id && rowB.refundedAt == f.july(5))
        #expect(rowB.amount == 3000 && rowB.store == ReportFixture.s1 && rowB.terminal == ReportFixture.t2)
        #expect(rowB.storeName == "本店" && rowB.terminalName == "レジ2" && rowB.programName == "いい街こまつプレミアム")
        #expect(all.rows.first { $0.payment == c.id }?.refund == nil)

        func ids(_ query: UsageQuery) throws -> [PaymentID] { try f.ledger.usage(query).rows.map(\.payment) }
        #expect(try ids(UsageQuery(days: days, includeRefunded: false)) == [d.id, c.id, a.id])
        #expect(try f.ledger.usage(UsageQuery(days: days, includeRefunded: false)).matching == 3)
        #expect(try ids(UsageQuery(days: days, sites: SiteFilter(store: ReportFixture.s2))) == [d.id, c.id])
        #expect(try ids(UsageQuery(days: days, sites: SiteFilter(terminal: ReportFixture.t1))) == [a.id])
        #expect(try ids(UsageQuery(days: days, program: kids)) == [c.id])
        #expect(try ids(UsageQuery(days: days, payment: b.id)) == [b.id])
        #expect(try ids(UsageQuery(days: days, payment: b.id, includeRefunded: false)) == [])
        #expect(try ids(UsageQuery(days: days, amount: 2000)) == [d.id])
        #expect(try f.ledger.usage(UsageQuery(days: days, amount: 2000)).matching == 1)
        #expect(try ids(UsageQuery(days: LocalDateRange(LocalDate("2026-07-02")!))) == [b.id, a.id])

        let page1 = try f.ledger.usage(UsageQuery(days: days, pageSize: 3))
        let page2 = try f.ledger.usage(UsageQuery(days: days, page: 2, pageSize: 3))
        let page3 = try f.ledger.usage(UsageQuery(days: days, page: 3, pageSize: 3))
        #expect(page1.rows.map(\.payment) == [d.id, c.id, b.id] && page2.rows.map(\.payment) == [a.id])
        #expect(page3.rows.isEmpty && page1.pageCount == 2 && page2.matching == 4)
        #expect(UsageQuery(days: days).pageSize == 25)
    }

    @Test func daysAreLocalDaysOfTheLedgersZone() throws {
        let f = try ReportFixture(vouchers: 4)
        // 23:59:59 and 00:00:00 Tokyo time: two days, though both are 2026-07-02 in UTC... and one July 1.
        let late = try f.payPaper(vouchers: 1, terminal: ReportFixture.t1, at: f.july(2, seconds: 86_399))
        let early = try f.payPaper(vouchers: 1, terminal: ReportFixture.t1, at: f.july(3, seconds: 0))
        let report = try f.ledger.dailyTotals(
            DailyTotalsQuery(days: LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-03")!))
        )
        #expect(report.rows.map(\.period) == [LocalDate("2026-07-02")!, LocalDate("2026-07-03")!])
        #expect(
            try f.ledger.usage(UsageQuery(days: LocalDateRange(LocalDate("2026-07-02")!))).rows.map(\.payment) == [
                late.id
            ]
        )
        #expect(
            try f.ledger.usage(UsageQuery(days: LocalDateRange(LocalDate("2026-07-03")!))).rows.map(\.payment) == [
                early.id
            ]
        )
    }

    @Test func totalsCountStandingPaymentsWithATotalRow() throws {
        let f = try ReportFixture(vouchers: 10)
        try f.payPaper(vouchers: 2, terminal: ReportFixture.t1, at: f.july(2))
        try f.payPaper(vouchers: 1, terminal: ReportFixture.t3, at: f.july(2))
        try f.payTicket(450, terminal: ReportFixture.t2, at: f.july(2))
        let gone = try f.payPaper(vouchers: 4, terminal: ReportFixture.t1, at: f.july(3))
        try f.payTicket(300, terminal: ReportFixture.t1, at: f.july(40))  // August 9
        try f.refund(gone.id, at: f.july(10))
        let daily = try f.ledger.dailyTotals(
            DailyTotalsQuery(days: LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-31")!))
        )
        let day2 = LocalDate("2026-07-02")!
        #expect(
            daily.rows == [
                TotalsRow(
                    period: day2,
                    program: kids,
                    programName: "かしわ★ざ★キッズ!スターチケット",
                    tally: Tally(count: 1, amount: 450)
                ),
                TotalsRow(
                    period: day2,
                    program: paper,
                    programName: "いい街こまつプレミアム",
                    tally: Tally(count: 2, amount: 3000)
                ),
            ]
        )
        #expect(daily.total == Tally(count: 3, amount: 3450))
        let store2 = try f.ledger.dailyTotals(
            DailyTotalsQuery(days: LocalDateRange(day2), sites: SiteFilter(store: ReportFixture.s2))
        )
        #expect(store2.rows.map(\.tally) == [Tally(count: 1, amount: 1000)])
        let monthly = try f.ledger.monthlyTotals(
            MonthlyTotalsQuery(first: YearMonth(year: 2026, month: 7)!, last: YearMonth(year: 2026, month: 8)!)
        )
        let july = YearMonth(year: 2026, month: 7)!
        let august = YearMonth(year: 2026, month: 8)!
        #expect(
            monthly.rows.map { "\($0.period) \($0.program) \($0.tally.count) \($0.tally.amount.rawValue)" } == [
                "2026-07 KIDS25 1 450", "2026-07 KOMATSU26 2 3000", "2026-08 KIDS25 1 300",
            ]
        )
        #expect(monthly.total == Tally(count: 4, amount: 3750))
        #expect(july < august)
    }

    @Test func salesSummaryDefaultsToTheLastSevenDaysNewestFirst() throws {
        let f = try ReportFixture(vouchers: 10)
        let p1 = try f.payPaper(vouchers: 2, terminal: ReportFixture.t1, at: f.july(1))
        try f.payPaper(vouchers: 1, terminal: ReportFixture.t1, at: f.july(3))
        try f.payPaper(vouchers: 3, terminal: ReportFixture.t3, at: f.july(7))
        try f.refund(p1.id, at: f.july(7, seconds: 3600))  // paid on the 1st, refunded on the 7th
        try f.payPaper(vouchers: 1, terminal: ReportFixture.t1, at: f.july(8))  // after "today"
        let summary = try f.ledger.salesSummary(SalesQuery(), now: f.july(7, seconds: 20 * 3600))
        #expect(summary.range == LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-07")!))
        #expect(
            summary.days == [
                SalesDay(
                    day: LocalDate("2026-07-07")!,
                    payments: Tally(count: 1, amount: 3000),
                    refunds: Tally(count: 1, amount: 2000)
                ),
                SalesDay(day: LocalDate("2026-07-03")!, payments: Tally(count: 1, amount: 1000), refunds: .zero),
                SalesDay(day: LocalDate("2026-07-01")!, payments: Tally(count: 1, amount: 2000), refunds: .zero),
            ]
        )
        #expect(summary.days[0].net == 1000)
        #expect(summary.total.payments == Tally(count: 3, amount: 6000) && summary.total.net == 4000)
        let yesterday = try f.ledger.salesSummary(SalesQuery(), now: f.july(7, seconds: 0).adding(seconds: -1))
        #expect(yesterday.range.last == LocalDate("2026-07-06")! && yesterday.days.count == 2)
        let s2 = try f.ledger.salesSummary(SalesQuery(sites: SiteFilter(store: ReportFixture.s2)), now: f.july(7))
        #expect(s2.days.map(\.day) == [LocalDate("2026-07-07")!] && s2.total.refunds == .zero)
    }

    @Test func settlementListFollowsTheProgramsCalendar() throws {
        let f = try ReportFixture(vouchers: 20)
        try f.payPaper(vouchers: 1, terminal: ReportFixture.t1, at: f.july(0))  // June 30: period 1
        let p = try f.payPaper(vouchers: 2, terminal: ReportFixture.t1, at: f.july(15))  // July 15: period 2
        try f.payPaper(vouchers: 5, terminal: ReportFixture.t3, at: f.july(16))  // July 16: period 3
        try f.refund(p.id, at: f.july(17))  // refunded in period 3 by the office: taken back there
        let list = try f.ledger.settlementList(SettlementQuery(program: paper))
        #expect(list.lines.count == 11 && list.programName == "いい街こまつプレミアム")
        let first = list.lines[0]
        #expect(first.days == LocalDateRange(first: LocalDate("2026-06-24")!, last: LocalDate("2026-06-30")!))
        #expect(first.payout == LocalDate("2026-07-15")! && first.due == 1000)
        #expect(list.lines[1].days == LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-15")!))
        #expect(list.lines[1].payout == LocalDate("2026-07-31")! && list.lines[1].due == 2000)
        #expect(list.lines[2].payments == Tally(count: 1, amount: 5000) && list.lines[2].refunds.amount == 2000)
        #expect(list.lines[2].due == 3000 && list.lines[2].closing == LocalDate("2026-07-31")!)
        #expect(
            list.lines[10].days.last == LocalDate("2026-11-30")! && list.lines[10].payout == LocalDate("2026-12-15")!
        )
        #expect(list.totalDue == 6000)
        let detail = try f.ledger.usage(list.detail(of: list.lines[1]))
        #expect(detail.rows.map(\.payment) == [p.id] && detail.rows[0].refund != nil)
        let s1 = try f.ledger.settlementList(
            SettlementQuery(program: paper, sites: SiteFilter(store: ReportFixture.s1))
        )
        #expect(s1.lines[2].payments == .zero && s1.lines[2].refunds.amount == 2000 && s1.lines[2].due == -2000)
    }

    /// Reports over a generated ledger equal sums of what the test itself paid and refunded.
    @Test func reportsOverAGeneratedLedgerEqualIndependentSums() throws {
        var random = SeededRandom(seed: 2026)
        let f = try ReportFixture(vouchers: 600)
        let daysSpan = 45  // July 1 to August 14
        for _ in 0..<160 {
            let terminal = ReportFixture.terminals[Int.random(in: 0..<3, using: &random)].0
            let at = f.july(1).adding(
                seconds: -12 * 3600 + Int64.random(in: 0..<(Int64(daysSpan) * 86_400), using: &random)
            )
            if Bool.random(using: &random) {
                try f.payPaper(vouchers: Int.random(in: 1...4, using: &random), terminal: terminal, at: at)
            } else {
                try f.payTicket(Yen(Int64.random(in: 1...9000, using: &random)), terminal: terminal, at: at)
            }
        }
        for made in f.made where Int.random(in: 0..<4, using: &random) == 0 {
            try f.refund(made.id, at: made.at.adding(seconds: Int64.random(in: 60..<(4 * 86_400), using: &random)))
        }
        let made = f.made
        #expect(made.contains { $0.refund != nil } && made.contains { $0.refund == nil })
        let tokyo = f.tokyo
        func day(_ t: Timestamp) -> LocalDate { tokyo.localDate(of: t) }
        let filters: [SiteFilter] = [.all, SiteFilter(store: ReportFixture.s1), SiteFilter(terminal: ReportFixture.t3)]
        func matches(_ m: ReportFixture.Made, _ sites: SiteFilter) -> Bool {
            (sites.store == nil || sites.store == m.store) && (sites.terminal == nil || sites.terminal == m.terminal)
        }
        let start = LocalDate("2026-07-01")!
        for sites in filters {
            // Daily totals, in two windows of at most 31 days.
            for window in [
                LocalDateRange(first: start, last: start.adding(days: 30)),
                LocalDateRange(first: start.adding(days: 31), last: start.adding(days: 48)),
            ] {
                var expected: [String: Tally] = [:]
                for m in made where m.refund == nil && matches(m, sites) && window.contains(day(m.at)) {
                    expected["\(day(m.at)) \(m.program)", default: .zero] += Tally(count: 1, amount: m.amount)
                }
                let report = try f.ledger.dailyTotals(DailyTotalsQuery(days: window, sites: sites))
                let got = Dictionary(uniqueKeysWithValues: report.rows.map { ("\($0.period) \($0.program)", $0.tally) })
                #expect(got == expected)
                #expect(report.total == expected.values.reduce(Tally.zero, +))
                // Sales summary: payments by payment day, refunds by refund day.
                var pays: [LocalDate: Tally] = [:]
                var refunds: [LocalDate: Tally] = [:]
                for m in made where matches(m, sites) {
                    if window.contains(day(m.at)) {
                        pays[day(m.at), default: .zero] += Tally(count: 1, amount: m.amount)
                    }
                    if let r = m.refundedAt, window.contains(day(r)) {
                        refunds[day(r), default: .zero] += Tally(count: 1, amount: m.amount)
                    }
                }
                let sales = try f.ledger.salesSummary(SalesQuery(days: window, sites: sites), now: f.july(1))
                let activeDays = Set(pays.keys).union(refunds.keys).sorted(by: >)
                #expect(sales.days.map(\.day) == activeDays)
                for salesDay in sales.days {
                    #expect(salesDay.payments == pays[salesDay.day] ?? .zero)
                    #expect(salesDay.refunds == refunds[salesDay.day] ?? .zero)
                }
                #expect(
                    sales.total.net == pays.values.reduce(Yen.zero) { $0 + $1.amount }
                        - refunds.values.reduce(Yen.zero) { $0 + $1.amount }
                )
            }
            // Monthly totals.
            let monthly = try f.ledger.monthlyTotals(
                MonthlyTotalsQuery(
                    first: YearMonth(year: 2026, month: 6)!,
                    last: YearMonth(year: 2026, month: 8)!,
                    sites: sites
                )
            )
            var months: [String: Tally] = [:]
            for m in made where m.refund == nil && matches(m, sites) {
                months["\(YearMonth(of: day(m.at))) \(m.program)", default: .zero] += Tally(count: 1, amount: m.amount)
            }
            #expect(
                Dictionary(uniqueKeysWithValues: monthly.rows.map { ("\($0.period) \($0.program)", $0.tally) })
                    == months
            )
            // Settlement list of both programs.
            for program in [paper, kids] {
                let list = try f.ledger.settlementList(SettlementQuery(program: program, sites: sites))
                for line in list.lines {
                    var due = Yen.zero
                    for m in made where m.program == program && matches(m, sites) {
                        if line.days.contains(day(m.at)) { due += m.amount }
                        if let r = m.refundedAt, line.days.contains(day(r)) { due -= m.amount }
                    }
                    #expect(line.due == due, "\(program) \(line.days)")
                }
            }
            // The usage list, every page, against the test's own rows.
            let range = LocalDateRange(first: LocalDate("2026-06-30")!, last: LocalDate("2026-08-20")!)
            for includeRefunded in [true, false] {
                let expected = made.filter { matches($0, sites) && (includeRefunded || $0.refund == nil) }
                    .sorted { ($0.at, $0.id) > ($1.at, $1.id) }
                var rows: [UsageRow] = []
                var page = 1
                while true {
                    let result = try f.ledger.usage(
                        UsageQuery(days: range, sites: sites, includeRefunded: includeRefunded, page: page, pageSize: 7)
                    )
                    #expect(result.matching == expected.count)
                    if result.rows.isEmpty { break }
                    rows += result.rows
                    page += 1
                }
                #expect(rows.map(\.payment) == expected.map(\.id))
                #expect(rows.map(\.amount) == expected.map(\.amount))
                #expect(rows.map(\.refundedAt) == expected.map(\.refundedAt))
                #expect(rows.map(\.terminal) == expected.map(\.terminal))
            }
        }
        #expect(try f.ledger.consistency().ok)
    }

    /// A ledger of schema 3 gets its summary filled from the rows it holds.
    @Test func migrationFillsTheSummaryFromExistingRows() throws {
        let f = try ReportFixture(vouchers: 20)
        try f.payPaper(vouchers: 2, terminal: ReportFixture.t1, at: f.july(2))
        let gone = try f.payTicket(800, terminal: ReportFixture.t3, at: f.july(3))
        try f.payPaper(vouchers: 1, terminal: ReportFixture.t2, at: f.july(3))
        try f.refund(gone.id, at: f.july(5))
        let days = LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-31")!)
        let daily = try f.ledger.dailyTotals(DailyTotalsQuery(days: days))
        let sales = try f.ledger.salesSummary(SalesQuery(days: days), now: f.july(9))
        #expect(daily.total == Tally(count: 2, amount: 3000) && sales.total.refunds == Tally(count: 1, amount: 800))
        try f.ledger.read { db throws(LedgerError) in
            switch db.dialect {
            case .sqlite:
                try db.execute(LedgerFixture.undoAuditChains(db.dialect) + "DROP TABLE report_totals; DROP TABLE typed_code_failures; ALTER TABLE merchants DROP COLUMN representative; ALTER TABLE merchants DROP COLUMN contact; ALTER TABLE merchants DROP COLUMN disabled_at; ALTER TABLE stores DROP COLUMN disabled_at; ALTER TABLE terminals DROP COLUMN disabled_at; ALTER TABLE accounts DROP COLUMN disabled_at; ALTER TABLE outbox DROP COLUMN terminal; PRAGMA user_version=3;")
            case .postgresql:
                try db.execute(LedgerFixture.undoAuditChains(db.dialect) + "DROP TABLE report_totals; DROP TABLE typed_code_failures; ALTER TABLE merchants DROP COLUMN representative; ALTER TABLE merchants DROP COLUMN contact; ALTER TABLE merchants DROP COLUMN disabled_at; ALTER TABLE stores DROP COLUMN disabled_at; ALTER TABLE terminals DROP COLUMN disabled_at; ALTER TABLE accounts DROP COLUMN disabled_at; ALTER TABLE outbox DROP COLUMN terminal; UPDATE ledger_schema SET version = 3;")
            }
        }
        let upgraded = try f.base.reopen()
        #expect(try upgraded.dailyTotals(DailyTotalsQuery(days: days)) == daily)
        #expect(try upgraded.salesSummary(SalesQuery(days: days), now: f.july(9)) == sales)
    }
}
