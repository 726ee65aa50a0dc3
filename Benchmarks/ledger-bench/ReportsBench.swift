// The reports part of ledger-bench (`--reports`): each report's latency over the big ledger, and
// the settlement data export's rows per second, in UTF-8 and Shift_JIS.
import Foundation
import Kiosk

/// Times `body` `runs` times; prints p50 and the slowest, and the first run's row count.
@MainActor
func timeReport(_ name: String, runs: Int, _ body: () throws(LedgerError) -> Int) throws(LedgerError) {
    var samples: [Double] = []
    var rows = 0
    for run in 0..<runs {
        let start = DispatchTime.now()
        let count = try body()
        samples.append(seconds(start))
        if run == 0 { rows = count }
    }
    let verdict = (samples.max() ?? 0) <= 0.1 ? "" : "  (over 100 ms)"
    print(
        "report \(name): p50 \(ms(percentile(samples, 0.5))) max \(ms(samples.max() ?? .nan)), \(rows) rows\(verdict)"
    )
}

@MainActor
func reportsBench(_ ledger: RelationalLedger, program: ProgramCode, now: Timestamp, directory: URL) throws(LedgerError) {
    let zone = ledger.timeZone
    let today = zone.localDate(of: now)
    let yesterday = today.adding(days: -1)
    let threeMonths = LocalDateRange(first: yesterday.adding(months: -3).adding(days: 1), last: yesterday)
    let month = LocalDateRange(first: yesterday.adding(days: -30), last: yesterday)
    let store = SiteFilter(store: SiteCode("S1"))
    let runs = 20
    try timeReport("usage list, 3 months, page 1 of all", runs: runs) { () throws(LedgerError) in
        try ledger.usage(UsageQuery(days: threeMonths)).matching
    }
    try timeReport("usage list, 3 months, store, without refunded, page 1", runs: runs) { () throws(LedgerError) in
        try ledger.usage(UsageQuery(days: threeMonths, sites: store, includeRefunded: false)).matching
    }
    try timeReport("usage list, 3 months, program, page 200", runs: runs) { () throws(LedgerError) in
        try ledger.usage(UsageQuery(days: threeMonths, program: program, page: 200)).rows.count
    }
    try timeReport("usage list, 3 months, amount 1,000 yen (counted row by row)", runs: runs) {
        () throws(LedgerError) in
        try ledger.usage(UsageQuery(days: threeMonths, amount: 1000)).matching
    }
    try timeReport("usage list, 3 months, one payment id", runs: runs) { () throws(LedgerError) in
        try ledger.usage(UsageQuery(days: threeMonths, payment: PaymentID(rawValue: 900_000))).matching
    }
    try timeReport("daily totals, 31 days", runs: runs) { () throws(LedgerError) in
        try ledger.dailyTotals(DailyTotalsQuery(days: month)).rows.count
    }
    try timeReport("monthly totals, 3 months", runs: runs) { () throws(LedgerError) in
        let last = YearMonth(of: yesterday)
        let first = YearMonth(of: yesterday.adding(months: -2))
        return try ledger.monthlyTotals(MonthlyTotalsQuery(first: first, last: last)).rows.count
    }
    try timeReport("sales summary, last 7 days", runs: runs) { () throws(LedgerError) in
        try ledger.salesSummary(SalesQuery(), now: now).days.count
    }
    try timeReport("sales summary, 31 days, store", runs: runs) { () throws(LedgerError) in
        try ledger.salesSummary(SalesQuery(days: month, sites: store), now: now).days.count
    }
    try timeReport("settlement list (every period of the calendar)", runs: runs) { () throws(LedgerError) in
        try ledger.settlementList(SettlementQuery(program: program)).lines.count
    }
    let exports = try ExportJobs(
        ledger: ledger,
        directory: directory.appendingPathComponent("exports").path,
        keepSeconds: 3600
    )
    for encoding in [ExportEncoding.utf8, .shiftJIS] {
        let start = DispatchTime.now()
        let receipt = try exports.request(ExportRequest(days: threeMonths, encoding: encoding, requestedBy: "bench"))
        exports.wait(receipt)
        let file = try exports.fetch(receipt)
        let elapsed = seconds(start)
        print(
            String(
                format: "export %@ of %@: %d rows, %.1f MB in %.2f s = %.0f rows/s",
                encoding.displayName,
                threeMonths.description,
                file.status.rows,
                Double(file.status.bytes) / 1e6,
                elapsed,
                Double(file.status.rows) / elapsed
            )
        )
    }
}
