extension ReportViews.TallyView {
    /// The view of a tally.
    public init(_ tally: Tally) { self.init(count: tally.count, amount: tally.amount) }
}

extension ReportViews.Usage {
    /// The view of a page.
    public init(_ page: UsagePage) {
        self.init(
            rows: page.rows.map {
                Row(
                    time: $0.at.description,
                    store: $0.store.rawValue,
                    storeName: $0.storeName,
                    terminal: $0.terminal.rawValue,
                    terminalName: $0.terminalName,
                    payment: $0.payment.description,
                    amount: $0.amount,
                    program: $0.program.rawValue,
                    programName: $0.programName,
                    refund: $0.refund?.description,
                    refundedAt: $0.refundedAt?.description,
                    refundMemo: $0.refundMemo
                )
            },
            matching: page.matching,
            page: page.page,
            pageSize: page.pageSize,
            pageCount: page.pageCount
        )
    }
}

extension ReportViews.Totals {
    /// The view of a report.
    public init<Period: CustomStringConvertible>(_ report: TotalsReport<Period>) {
        self.init(
            rows: report.rows.map {
                Row(
                    period: $0.period.description,
                    program: $0.program.rawValue,
                    programName: $0.programName,
                    count: $0.tally.count,
                    amount: $0.tally.amount
                )
            },
            total: ReportViews.TallyView(report.total)
        )
    }
}

extension ReportViews.Sales {
    /// The view of a summary.
    public init(_ summary: SalesSummary) {
        self.init(
            from: summary.range.first.description,
            to: summary.range.last.description,
            days: summary.days.map {
                Day(
                    day: $0.day.description,
                    payments: ReportViews.TallyView($0.payments),
                    refunds: ReportViews.TallyView($0.refunds),
                    net: $0.net
                )
            },
            payments: ReportViews.TallyView(summary.total.payments),
            refunds: ReportViews.TallyView(summary.total.refunds),
            net: summary.total.net
        )
    }
}

extension ReportViews.Settlement {
    /// The view of a list.
    public init(_ list: SettlementList) {
        self.init(
            program: list.program.rawValue,
            programName: list.programName,
            periods: list.lines.map {
                Period(
                    from: $0.days.first.description,
                    closing: $0.closing.description,
                    payout: $0.payout.description,
                    payments: ReportViews.TallyView($0.payments),
                    refunds: ReportViews.TallyView($0.refunds),
                    due: $0.due
                )
            },
            totalDue: list.totalDue
        )
    }
}

extension ReportViews.Export {
    /// The view of a job's status.
    public init(_ status: ExportStatus) {
        let (state, error): (String, String?) =
            switch status.state {
            case .queued: ("queued", nil)
            case .running: ("running", nil)
            case .finished: ("finished", nil)
            case .failed(let failure): ("failed", failure.message)
            }
        self.init(
            receipt: status.receipt.description,
            from: status.request.days.first.description,
            to: status.request.days.last.description,
            store: status.request.store?.rawValue,
            encoding: status.request.encoding.rawValue,
            state: state,
            error: error,
            percent: status.percent,
            rows: status.rows,
            bytes: status.bytes,
            requestedAt: status.requestedAt.description,
            expiresAt: status.expiresAt?.description
        )
    }
}
