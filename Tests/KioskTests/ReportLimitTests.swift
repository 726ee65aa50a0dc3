import Testing

@testable import Kiosk

/// Every report's range limit, each refusal and its message.
@Suite struct ReportLimitTests {
    let july1 = LocalDate(year: 2026, month: 7, day: 1)!

    func day(_ text: String) -> LocalDate { LocalDate(text)! }

    @Test func usageListCoversAtMostThreeMonths() throws {
        let f = try ReportFixture()
        _ = try f.ledger.usage(UsageQuery(days: LocalDateRange(first: day("2026-07-15"), last: day("2026-10-14"))))
        #expect(
            throws: LedgerError.reportRangeTooLong(
                report: "The usage list",
                maximum: "3 months",
                requested: "2026-07-15 to 2026-10-15 (93 days)"
            )
        ) {
            try f.ledger.usage(UsageQuery(days: LocalDateRange(first: day("2026-07-15"), last: day("2026-10-15"))))
        }
        // Month ends clamp: from 11-30, three months later is 02-28, so the range stops on 02-27.
        _ = try f.ledger.usage(UsageQuery(days: LocalDateRange(first: day("2026-11-30"), last: day("2027-02-27"))))
        #expect(throws: LedgerError.self) {
            try f.ledger.usage(UsageQuery(days: LocalDateRange(first: day("2026-11-30"), last: day("2027-02-28"))))
        }
    }

    @Test func dailyTotalsCoverAtMost31Days() throws {
        let f = try ReportFixture()
        _ = try f.ledger.dailyTotals(DailyTotalsQuery(days: LocalDateRange(first: july1, last: day("2026-07-31"))))
        let error = #expect(throws: LedgerError.self) {
            try f.ledger.dailyTotals(DailyTotalsQuery(days: LocalDateRange(first: july1, last: day("2026-08-01"))))
        }
        #expect(
            error
                == .reportRangeTooLong(
                    report: "The daily totals",
                    maximum: "31 days",
                    requested: "2026-07-01 to 2026-08-01 (32 days)"
                )
        )
        #expect(error?.code == "report_range_too_long")
        #expect(
            error?.message
                == "The daily totals may cover at most 31 days; 2026-07-01 to 2026-08-01 (32 days) is longer. Ask for a shorter range."
        )
    }

    @Test func monthlyTotalsCoverAtMostThreeMonths() throws {
        let f = try ReportFixture()
        let july = YearMonth(year: 2026, month: 7)!
        _ = try f.ledger.monthlyTotals(MonthlyTotalsQuery(first: july, last: YearMonth(year: 2026, month: 9)!))
        #expect(
            throws: LedgerError.reportRangeTooLong(
                report: "The monthly totals",
                maximum: "3 months",
                requested: "2026-07 to 2026-10 (4 months)"
            )
        ) {
            try f.ledger.monthlyTotals(MonthlyTotalsQuery(first: july, last: YearMonth(year: 2026, month: 10)!))
        }
        #expect(throws: LedgerError.invalidQuery(reason: "the range ends (2026-06) before it starts (2026-07)")) {
            try f.ledger.monthlyTotals(MonthlyTotalsQuery(first: july, last: YearMonth(year: 2026, month: 6)!))
        }
    }

    @Test func salesSummaryCoversAtMost31Days() throws {
        let f = try ReportFixture()
        _ = try f.ledger.salesSummary(
            SalesQuery(days: LocalDateRange(first: july1, last: day("2026-07-31"))),
            now: f.base.now
        )
        #expect(
            throws: LedgerError.reportRangeTooLong(
                report: "The sales summary",
                maximum: "31 days",
                requested: "2026-07-01 to 2026-08-01 (32 days)"
            )
        ) {
            try f.ledger.salesSummary(
                SalesQuery(days: LocalDateRange(first: july1, last: day("2026-08-01"))),
                now: f.base.now
            )
        }
    }

    @Test func backwardRangesPagesAndFiltersAreRefused() throws {
        let f = try ReportFixture()
        let backward = LocalDateRange(first: day("2026-07-02"), last: july1)
        let reason = "the range ends (2026-07-01) before it starts (2026-07-02)"
        #expect(throws: LedgerError.invalidQuery(reason: reason)) { try f.ledger.usage(UsageQuery(days: backward)) }
        #expect(throws: LedgerError.invalidQuery(reason: reason)) {
            try f.ledger.dailyTotals(DailyTotalsQuery(days: backward))
        }
        #expect(throws: LedgerError.invalidQuery(reason: reason)) {
            try f.ledger.salesSummary(SalesQuery(days: backward), now: f.base.now)
        }
        let days = LocalDateRange(july1)
        #expect(throws: LedgerError.invalidQuery(reason: "the page must be 1 to 10000000, got 0")) {
            try f.ledger.usage(UsageQuery(days: days, page: 0))
        }
        // A page whose offset overflowed a 64-bit integer and stopped kioskd.
        #expect(throws: LedgerError.invalidQuery(reason: "the page must be 1 to 10000000, got \(Int.max)")) {
            try f.ledger.usage(UsageQuery(days: days, page: .max, pageSize: 2))
        }
        #expect(throws: LedgerError.invalidQuery(reason: "the page size must be 1 to 500, got 501")) {
            try f.ledger.usage(UsageQuery(days: days, pageSize: 501))
        }
        #expect(throws: LedgerError.invalidQuery(reason: "the amount must be more than 0 yen")) {
            try f.ledger.usage(UsageQuery(days: days, amount: 0))
        }
        let nowhere = SiteCode("NOWHERE")!
        #expect(throws: LedgerError.unknownSite(kind: "store", code: nowhere)) {
            try f.ledger.usage(UsageQuery(days: days, sites: SiteFilter(store: nowhere)))
        }
        #expect(throws: LedgerError.unknownSite(kind: "terminal", code: nowhere)) {
            try f.ledger.dailyTotals(DailyTotalsQuery(days: days, sites: SiteFilter(terminal: nowhere)))
        }
        #expect(throws: LedgerError.unknownProgram(ProgramCode("NOPE")!)) {
            try f.ledger.usage(UsageQuery(days: days, program: ProgramCode("NOPE")!))
        }
        #expect(throws: LedgerError.unknownProgram(ProgramCode("NOPE")!)) {
            try f.ledger.settlementList(SettlementQuery(program: ProgramCode("NOPE")!))
        }
    }

    @Test func monthArithmeticClampsToTheMonthsEnd() {
        #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
        #expect(day("2024-01-31").adding(months: 1) == day("2024-02-29"))
        #expect(day("2026-11-30").adding(months: 3) == day("2027-02-28"))
        #expect(day("2026-07-15").adding(months: -7) == day("2025-12-15"))
        #expect(YearMonth(year: 2026, month: 2)!.lastDay == day("2026-02-28"))
        #expect(YearMonth(year: 2026, month: 12)!.lastDay == day("2026-12-31"))
    }
}
