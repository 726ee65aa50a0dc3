/// The reports as the control protocol shows them: snake_case keys, dates as YYYY-MM-DD (the
/// ledger's zone), times in UTC, derived figures (net, due, page count) spelled out.
public enum ReportViews {
    /// A count and an amount.
    public struct TallyView: Hashable, Sendable, Encodable {
        /// How many.
        public let count: Int
        /// How much, in yen.
        public let amount: Yen

        init(_ tally: Tally) {
            count = tally.count
            amount = tally.amount
        }
    }

    /// A page of the usage list (利用実績).
    public struct Usage: Hashable, Sendable, Encodable {
        /// One payment.
        public struct Row: Hashable, Sendable, Encodable {
            let time: String
            let store: String
            let storeName: String
            let terminal: String
            let terminalName: String
            let payment: String
            let amount: Yen
            let program: String
            let programName: String
            let refund: String?
            let refundedAt: String?
            let refundMemo: String?

            enum CodingKeys: String, CodingKey {
                case time, store, terminal, payment, amount, program, refund
                case storeName = "store_name"
                case terminalName = "terminal_name"
                case programName = "program_name"
                case refundedAt = "refunded_at"
                case refundMemo = "refund_memo"
            }
        }

        let rows: [Row]
        let matching: Int
        let page: Int
        let pageSize: Int
        let pageCount: Int

        /// The view of a page.
        public init(_ page: UsagePage) {
            rows = page.rows.map {
                Row(
                    time: $0.at.description, store: $0.store.rawValue, storeName: $0.storeName, terminal: $0.terminal.rawValue,
                    terminalName: $0.terminalName, payment: $0.payment.description, amount: $0.amount,
                    program: $0.program.rawValue, programName: $0.programName, refund: $0.refund?.description,
                    refundedAt: $0.refundedAt?.description, refundMemo: $0.refundMemo
                )
            }
            matching = page.matching
            self.page = page.page
            pageSize = page.pageSize
            pageCount = page.pageCount
        }

        enum CodingKeys: String, CodingKey {
            case rows, matching, page
            case pageSize = "page_size"
            case pageCount = "page_count"
        }
    }

    /// Daily or monthly totals per program, with the total row.
    public struct Totals: Hashable, Sendable, Encodable {
        /// One period and program.
        public struct Row: Hashable, Sendable, Encodable {
            let period: String
            let program: String
            let programName: String
            let count: Int
            let amount: Yen

            enum CodingKeys: String, CodingKey {
                case period, program, count, amount
                case programName = "program_name"
            }
        }

        let rows: [Row]
        let total: TallyView

        /// The view of a report.
        public init<Period: CustomStringConvertible>(_ report: TotalsReport<Period>) {
            rows = report.rows.map {
                Row(period: $0.period.description, program: $0.program.rawValue, programName: $0.programName, count: $0.tally.count, amount: $0.tally.amount)
            }
            total = TallyView(report.total)
        }
    }

    /// The sales summary (売上照会): per day, newest first, and the period's total.
    public struct Sales: Hashable, Sendable, Encodable {
        /// One day.
        public struct Day: Hashable, Sendable, Encodable {
            let day: String
            let payments: TallyView
            let refunds: TallyView
            let net: Yen
        }

        let from: String
        let to: String
        let days: [Day]
        let payments: TallyView
        let refunds: TallyView
        let net: Yen

        /// The view of a summary.
        public init(_ summary: SalesSummary) {
            from = summary.range.first.description
            to = summary.range.last.description
            days = summary.days.map {
                Day(day: $0.day.description, payments: TallyView($0.payments), refunds: TallyView($0.refunds), net: $0.net)
            }
            payments = TallyView(summary.total.payments)
            refunds = TallyView(summary.total.refunds)
            net = summary.total.net
        }
    }

    /// The settlement list (支払一覧): each closing period and what is due.
    public struct Settlement: Hashable, Sendable, Encodable {
        /// One closing period.
        public struct Period: Hashable, Sendable, Encodable {
            let from: String
            let closing: String
            let payout: String
            let payments: TallyView
            let refunds: TallyView
            let due: Yen
        }

        let program: String
        let programName: String
        let periods: [Period]
        let totalDue: Yen

        /// The view of a list.
        public init(_ list: SettlementList) {
            program = list.program.rawValue
            programName = list.programName
            periods = list.lines.map {
                Period(
                    from: $0.days.first.description, closing: $0.closing.description, payout: $0.payout.description,
                    payments: TallyView($0.payments), refunds: TallyView($0.refunds), due: $0.due
                )
            }
            totalDue = list.totalDue
        }

        enum CodingKeys: String, CodingKey {
            case program, periods
            case programName = "program_name"
            case totalDue = "total_due"
        }
    }

    /// An export job: its receipt, progress and, once finished, its size and expiry.
    public struct Export: Hashable, Sendable, Encodable {
        let receipt: String
        let from: String
        let to: String
        let store: String?
        let encoding: String
        let state: String
        let error: String?
        let percent: Int
        let rows: Int
        let bytes: Int
        let requestedAt: String
        let expiresAt: String?

        /// The view of a job's status.
        public init(_ status: ExportStatus) {
            receipt = status.receipt.description
            from = status.request.days.first.description
            to = status.request.days.last.description
            store = status.request.store?.rawValue
            encoding = status.request.encoding.rawValue
            switch status.state {
            case .queued: (state, error) = ("queued", nil)
            case .running: (state, error) = ("running", nil)
            case .finished: (state, error) = ("finished", nil)
            case .failed(let failure): (state, error) = ("failed", failure.message)
            }
            percent = status.percent
            rows = status.rows
            bytes = status.bytes
            requestedAt = status.requestedAt.description
            expiresAt = status.expiresAt?.description
        }

        enum CodingKeys: String, CodingKey {
            case receipt, from, to, store, encoding, state, error, percent, rows, bytes
            case requestedAt = "requested_at"
            case expiresAt = "expires_at"
        }
    }
}
