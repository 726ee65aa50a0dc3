extension RelationalLedger {
    /// One page of the usage list.
    public func usage(_ query: UsageQuery) throws(LedgerError) -> UsagePage {
        try query.validate()
        let instants = timeZone.instants(of: query.days)
        let buckets = try bucketRange(query.days)
        return try read { db throws(LedgerError) -> UsagePage in
            let names = try Self.siteNames(db)
            try names.check(query.sites, program: query.program)
            var conditions = ["p.at >= ?", "p.at < ?"]
            var bindings: [SQLValue] = [.integer(instants.lowerBound.rawValue), .integer(instants.upperBound.rawValue)]
            Self.siteConditions(query.sites, prefix: "p.", into: &conditions, &bindings)
            if let program = query.program {
                conditions.append("p.program = ?")
                bindings.append(.text(program.rawValue))
            }
            if let payment = query.payment {
                conditions.append("p.id = ?")
                bindings.append(.integer(payment.rawValue))
            }
            if let amount = query.amount {
                conditions.append("p.amount = ?")
                bindings.append(.integer(amount.rawValue))
            }
            let base = conditions.joined(separator: " AND ")
            if !query.includeRefunded { conditions.append("r.id IS NULL") }
            let filter = conditions.joined(separator: " AND ")
            let matching: Int
            if query.payment == nil && query.amount == nil {
                // Only sites and program: the summary counts without touching the payments.
                let sums = try Self.sumTotals(db, buckets: buckets, sites: query.sites, program: query.program)
                matching = query.includeRefunded ? sums.paid.count : sums.paid.count - sums.voided.count
            } else {
                // Refunds are joined only when they filter (the join costs a lookup per payment).
                let sql =
                    query.includeRefunded
                    ? "SELECT count(*) FROM payments p WHERE \(base)"
                    : "SELECT count(*) FROM payments p LEFT JOIN refunds r ON r.payment = p.id WHERE \(filter)"
                matching = Int(try db.first(sql, bindings) { $0.int(0) } ?? 0)
            }
            let page = bindings + [.integer(Int64(query.pageSize)), .integer(Int64((query.page - 1) * query.pageSize))]
            typealias Raw = (Int64, Int64, String, String, Int64, String, Int64?, Int64?, String?)
            let raws: [Raw] = try db.all(
                """
                SELECT p.id, p.at, p.store, p.terminal, p.amount, p.program, r.id, r.at, r.memo
                FROM payments p LEFT JOIN refunds r ON r.payment = p.id
                WHERE \(filter) ORDER BY p.at DESC, p.id DESC LIMIT ? OFFSET ?
                """,
                page
            ) {
                (
                    $0.int(0), $0.int(1), $0.text(2), $0.text(3), $0.int(4), $0.text(5), $0.optionalInt(6),
                    $0.optionalInt(7), $0.optionalText(8)
                )
            }
            var rows: [UsageRow] = []
            rows.reserveCapacity(raws.count)
            for raw in raws {
                guard let store = SiteCode(raw.2), let terminal = SiteCode(raw.3), let program = ProgramCode(raw.5)
                else { throw .corrupt(reason: "payment \(PaymentID(rawValue: raw.0)) has a malformed code") }
                rows.append(
                    UsageRow(
                        payment: PaymentID(rawValue: raw.0),
                        at: Timestamp(rawValue: raw.1),
                        store: store,
                        storeName: names.stores[store]?.name ?? "",
                        terminal: terminal,
                        terminalName: names.terminals[terminal] ?? "",
                        amount: Yen(raw.4),
                        program: program,
                        programName: names.programs[program] ?? "",
                        refund: raw.6.map { RefundID(rawValue: $0) },
                        refundedAt: raw.7.map { Timestamp(rawValue: $0) },
                        refundMemo: raw.8
                    )
                )
            }
            return UsagePage(rows: rows, matching: matching, page: query.page, pageSize: query.pageSize)
        }
    }

    /// Per day and program, the payments that stand, and their total.
    public func dailyTotals(_ query: DailyTotalsQuery) throws(LedgerError) -> TotalsReport<LocalDate> {
        try query.validate()
        let perDay = try dailySums(query.days, sites: query.sites)
        return TotalsReport(
            rows: perDay.compactMap { entry in
                let standing = entry.sums.standing
                guard standing.count > 0 else { return nil }
                return TotalsRow(period: entry.day, program: entry.program, programName: entry.name, tally: standing)
            }
        )
    }

    /// Per month and program, the payments that stand, and their total.
    public func monthlyTotals(_ query: MonthlyTotalsQuery) throws(LedgerError) -> TotalsReport<YearMonth> {
        try query.validate()
        var months: [YearMonth: [ProgramCode: (String, Tally)]] = [:]
        for entry in try dailySums(query.days, sites: query.sites) {
            let standing = entry.sums.standing
            guard standing.count > 0 else { continue }
            months[YearMonth(of: entry.day), default: [:]][entry.program, default: (entry.name, .zero)].1 += standing
        }
        var rows: [TotalsRow<YearMonth>] = []
        for month in months.keys.sorted() {
            for (program, value) in (months[month] ?? [:]).sorted(by: { $0.key < $1.key }) {
                rows.append(TotalsRow(period: month, program: program, programName: value.0, tally: value.1))
            }
        }
        return TotalsReport(rows: rows)
    }

    /// Per day, payments and refunds made and the net, newest first.
    public func salesSummary(_ query: SalesQuery, now: Timestamp) throws(LedgerError) -> SalesSummary {
        let range = query.resolved(today: timeZone.localDate(of: now))
        try range.validate(atMostDays: ReportLimits.salesDays, report: "The sales summary")
        var days: [LocalDate: SalesDay] = [:]
        for entry in try dailySums(range, sites: query.sites) {
            var day = days[entry.day] ?? SalesDay(day: entry.day, payments: .zero, refunds: .zero)
            day.payments += entry.sums.paid
            day.refunds += entry.sums.refunds
            days[entry.day] = day
        }
        let active = days.values.filter { $0.payments.count > 0 || $0.refunds.count > 0 }
        return SalesSummary(range: range, days: active.sorted { $0.day > $1.day })
    }

    /// Every closing period of a program's calendar with its payout date and the amount due.
    public func settlementList(_ query: SettlementQuery) throws(LedgerError) -> SettlementList {
        let program = try self.program(query.program)
        var periods: [(LocalDateRange, LocalDate)] = []
        var start = timeZone.localDate(of: program.validFrom)
        for period in program.calendar.periods {
            let first = min(start, period.closing)
            if query.year == nil || query.year == period.closing.year {
                periods.append((LocalDateRange(first: first, last: period.closing), period.payout))
            }
            start = period.closing.adding(days: 1)
        }
        var ranges: [Range<Int64>] = []
        for (days, _) in periods { ranges.append(try bucketRange(days)) }
        return try read { db throws(LedgerError) -> SettlementList in
            try Self.siteNames(db).check(query.sites, program: program.code)
            var lines: [SettlementLine] = []
            for (index, (days, payout)) in periods.enumerated() {
                let sums = try Self.sumTotals(db, buckets: ranges[index], sites: query.sites, program: program.code)
                lines.append(SettlementLine(days: days, payout: payout, payments: sums.paid, refunds: sums.refunds))
            }
            return SettlementList(program: program.code, programName: program.name, lines: lines)
        }
    }

    /// Payments and refunds made in a range of instants, in time order.
    public func settlementRecords(
        in instants: Range<Timestamp>,
        store: SiteCode?
    ) throws(LedgerError) -> [SettlementRecord] {
        try read { db throws(LedgerError) -> [SettlementRecord] in
            let names = try Self.siteNames(db)
            try names.check(SiteFilter(store: store), program: nil)
            var bindings: [SQLValue] = [.integer(instants.lowerBound.rawValue), .integer(instants.upperBound.rawValue)]
            if let store { bindings.append(.text(store.rawValue)) }
            let storeFilter = store == nil ? "" : " AND p.store = ?"
            var payments: [SettlementRecord] = []
            try db.query(
                "SELECT p.id, p.at, p.amount, p.program, p.store FROM payments p WHERE p.at >= ? AND p.at < ?\(storeFilter) ORDER BY p.at, p.id",
                bindings
            ) { (row: SQLRow) throws(LedgerError) in
                payments.append(
                    try names.record(
                        .payment,
                        slip: PaymentID(rawValue: row.int(0)).description,
                        at: row.int(1),
                        amount: row.int(2),
                        program: row.text(3),
                        store: row.text(4),
                        original: nil
                    )
                )
            }
            var refunds: [SettlementRecord] = []
            try db.query(
                """
                SELECT r.id, r.at, r.amount, p.program, p.store, r.payment, r.operator, r.role
                FROM refunds r JOIN payments p ON p.id = r.payment
                WHERE r.at >= ? AND r.at < ?\(storeFilter) ORDER BY r.at, r.id
                """,
                bindings
            ) { (row: SQLRow) throws(LedgerError) in
                var record = try names.record(
                    .refund,
                    slip: RefundID(rawValue: row.int(0)).description,
                    at: row.int(1),
                    amount: row.int(2),
                    program: row.text(3),
                    store: row.text(4),
                    original: PaymentID(rawValue: row.int(5)).description
                )
                record.operatorName = row.text(6)
                guard let role = Role(rawValue: row.text(7)) else {
                    throw .corrupt(reason: "refund \(record.slip) has role \(row.text(7))")
                }
                record.role = role
                refunds.append(record)
            }
            if refunds.isEmpty { return payments }
            // Merge by time; at the same instant a payment comes before a refund.
            var merged: [SettlementRecord] = []
            merged.reserveCapacity(payments.count + refunds.count)
            var i = 0
            var j = 0
            while i < payments.count || j < refunds.count {
                if j == refunds.count || (i < payments.count && payments[i].at <= refunds[j].at) {
                    merged.append(payments[i])
                    i += 1
                } else {
                    merged.append(refunds[j])
                    j += 1
                }
            }
            return merged
        }
    }

    // MARK: Helpers

    /// The summary buckets of a range of local days.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)`` if a midnight of the zone is not on a
    ///   quarter-hour (no zone in use since 1980 is so).
    func bucketRange(_ days: LocalDateRange) throws(LedgerError) -> Range<Int64> {
        let instants = timeZone.instants(of: days)
        let start = instants.lowerBound.rawValue
        let end = instants.upperBound.rawValue
        guard start % Self.reportBucketMicros == 0, end % Self.reportBucketMicros == 0 else {
            throw .invalidQuery(reason: "the ledger's time zone does not start days on a quarter-hour")
        }
        return Self.reportBucket(of: instants.lowerBound)..<Self.reportBucket(of: instants.upperBound)
    }

    /// The summary's sums of one program (or all) over a range of buckets.
    static func sumTotals(
        _ db: any SQLDatabase,
        buckets: Range<Int64>,
        sites: SiteFilter,
        program: ProgramCode?
    ) throws(LedgerError) -> ReportSums {
        var conditions = ["bucket >= ?", "bucket < ?"]
        var bindings: [SQLValue] = [.integer(buckets.lowerBound), .integer(buckets.upperBound)]
        siteConditions(sites, prefix: "", into: &conditions, &bindings)
        if let program {
            conditions.append("program = ?")
            bindings.append(.text(program.rawValue))
        }
        return try db.first(
            """
            SELECT coalesce(sum(paid_count), 0), coalesce(sum(paid_amount), 0), coalesce(sum(voided_count), 0), coalesce(sum(voided_amount), 0),
                coalesce(sum(refund_count), 0), coalesce(sum(refund_amount), 0)
            FROM report_totals WHERE \(conditions.joined(separator: " AND "))
            """,
            bindings
        ) { ReportSums(row: $0, from: 0) } ?? ReportSums()
    }

    /// The summary's sums per local day and program over a range of days, oldest day first, then
    /// by program code.
    func dailySums(
        _ days: LocalDateRange,
        sites: SiteFilter
    ) throws(LedgerError) -> [(day: LocalDate, program: ProgramCode, name: String, sums: ReportSums)] {
        let buckets = try bucketRange(days)
        let zone = timeZone
        return try read { db throws(LedgerError) in
            let names = try Self.siteNames(db)
            try names.check(sites, program: nil)
            var conditions = ["bucket >= ?", "bucket < ?"]
            var bindings: [SQLValue] = [.integer(buckets.lowerBound), .integer(buckets.upperBound)]
            Self.siteConditions(sites, prefix: "", into: &conditions, &bindings)
            var perDay: [LocalDate: [String: ReportSums]] = [:]
            // Rows come in bucket order (asked for: a grouping by hashing returns them in any order,
            // and a day's sums would go to another day); a day is a run of buckets, so the zone is
            // asked once a day.
            var day = days.first
            var dayEnd = Self.reportBucket(of: zone.startOfDay(day.adding(days: 1)))
            try db.query(
                """
                SELECT bucket, program, coalesce(sum(paid_count), 0), coalesce(sum(paid_amount), 0), coalesce(sum(voided_count), 0),
                    coalesce(sum(voided_amount), 0), coalesce(sum(refund_count), 0), coalesce(sum(refund_amount), 0)
                FROM report_totals WHERE \(conditions.joined(separator: " AND ")) GROUP BY bucket, program ORDER BY bucket
                """,
                bindings
            ) { (row: SQLRow) throws(LedgerError) in
                let bucket = row.int(0)
                if bucket >= dayEnd {
                    day = zone.localDate(of: Timestamp(rawValue: bucket * Self.reportBucketMicros))
                    dayEnd = Self.reportBucket(of: zone.startOfDay(day.adding(days: 1)))
                }
                perDay[day, default: [:]][row.text(1), default: ReportSums()].add(ReportSums(row: row, from: 2))
            }
            var result: [(day: LocalDate, program: ProgramCode, name: String, sums: ReportSums)] = []
            for day in perDay.keys.sorted() {
                for (text, sums) in (perDay[day] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    guard let program = ProgramCode(text) else { throw .corrupt(reason: "program code \(text)") }
                    result.append((day, program, names.programs[program] ?? "", sums))
                }
            }
            return result
        }
    }

    static func siteConditions(
        _ sites: SiteFilter,
        prefix: String,
        into conditions: inout [String],
        _ bindings: inout [SQLValue]
    ) {
        if let store = sites.store {
            conditions.append("\(prefix)store = ?")
            bindings.append(.text(store.rawValue))
        }
        if let terminal = sites.terminal {
            conditions.append("\(prefix)terminal = ?")
            bindings.append(.text(terminal.rawValue))
        }
    }

    static func siteNames(_ db: any SQLDatabase) throws(LedgerError) -> ReportNames {
        var names = ReportNames()
        for (code, name) in try db.all("SELECT code, name FROM programs", [], { ($0.text(0), $0.text(1)) }) {
            if let code = ProgramCode(code) { names.programs[code] = name }
        }
        for (code, name) in try db.all("SELECT code, name FROM merchants", [], { ($0.text(0), $0.text(1)) }) {
            if let code = SiteCode(code) { names.merchants[code] = name }
        }
        for (code, merchant, name) in try db.all(
            "SELECT code, merchant, name FROM stores",
            [],
            { ($0.text(0), $0.text(1), $0.text(2)) }
        ) {
            if let code = SiteCode(code), let merchant = SiteCode(merchant) {
                names.stores[code] = (merchant, name)
            }
        }
        for (code, name) in try db.all("SELECT code, name FROM terminals", [], { ($0.text(0), $0.text(1)) }) {
            if let code = SiteCode(code) { names.terminals[code] = name }
        }
        return names
    }
}

/// Sums read from `report_totals`.
struct ReportSums {
    var paid = Tally.zero
    var voided = Tally.zero
    var refunds = Tally.zero

    init() {}

    /// Six columns from `from`: paid, voided and refund counts and amounts.
    init(row: SQLRow, from column: Int32) {
        func tally(_ at: Int32) -> Tally {
            Tally(count: Int(row.int(column + at)), amount: Yen(row.int(column + at + 1)))
        }
        paid = tally(0)
        voided = tally(2)
        refunds = tally(4)
    }

    /// Payments that were not refunded.
    var standing: Tally { Tally(count: paid.count - voided.count, amount: paid.amount - voided.amount) }

    mutating func add(_ other: ReportSums) {
        paid += other.paid
        voided += other.voided
        refunds += other.refunds
    }
}

/// Names of programs and sites, read once per report (they are few).
struct ReportNames {
    var programs: [ProgramCode: String] = [:]
    var merchants: [SiteCode: String] = [:]
    var stores: [SiteCode: (merchant: SiteCode, name: String)] = [:]
    var terminals: [SiteCode: String] = [:]

    /// Refuses filters that name no known site or program.
    func check(_ sites: SiteFilter, program: ProgramCode?) throws(LedgerError) {
        if let store = sites.store, stores[store] == nil { throw .unknownSite(kind: "store", code: store) }
        if let terminal = sites.terminal, terminals[terminal] == nil {
            throw .unknownSite(kind: "terminal", code: terminal)
        }
        if let program, programs[program] == nil { throw .unknownProgram(program) }
    }

    func record(
        _ kind: SettlementRecord.Kind,
        slip: String,
        at: Int64,
        amount: Int64,
        program: String,
        store: String,
        original: String?
    ) throws(LedgerError) -> SettlementRecord {
        guard let programCode = ProgramCode(program), let storeCode = SiteCode(store), let site = stores[storeCode]
        else { throw .corrupt(reason: "\(slip) names an unknown program \(program) or store \(store)") }
        return SettlementRecord(
            kind: kind,
            slip: slip,
            at: Timestamp(rawValue: at),
            amount: Yen(amount),
            merchant: site.merchant,
            merchantName: merchants[site.merchant] ?? "",
            store: storeCode,
            program: programCode,
            programName: programs[programCode] ?? "",
            originalSlip: original,
            operatorName: nil,
            role: nil
        )
    }
}
