/// The reports as the control protocol shows them: snake_case keys, dates as YYYY-MM-DD (the
/// ledger's zone), times in UTC, derived figures (net, due, page count) spelled out.
public enum ReportViews {
    /// A count and an amount.
    public struct TallyView: Hashable, Sendable, Codable {
        /// How many.
        public let count: Int
        /// How much, in yen.
        public let amount: Yen

        /// A tally from its fields.
        public init(count: Int, amount: Yen) {
            self.count = count
            self.amount = amount
        }
    }

    /// A page of the usage list (利用実績).
    public struct Usage: Hashable, Sendable, Codable {
        /// One payment.
        public struct Row: Hashable, Sendable, Codable {
            /// When it was paid (UTC).
            public let time: String
            /// The store's code.
            public let store: String
            /// The store's name.
            public let storeName: String
            /// The terminal's code.
            public let terminal: String
            /// The terminal's name.
            public let terminalName: String
            /// The payment id.
            public let payment: String
            /// The amount paid.
            public let amount: Yen
            /// The program's code.
            public let program: String
            /// The program's name.
            public let programName: String
            /// The refund, if the payment was refunded.
            public let refund: String?
            /// When it was refunded (UTC).
            public let refundedAt: String?
            /// The refund's memo.
            public let refundMemo: String?

            /// A row from its fields.
            public init(
                time: String,
                store: String,
                storeName: String,
                terminal: String,
                terminalName: String,
                payment: String,
                amount: Yen,
                program: String,
                programName: String,
                refund: String?,
                refundedAt: String?,
                refundMemo: String?
            ) {
                self.time = time
                self.store = store
                self.storeName = storeName
                self.terminal = terminal
                self.terminalName = terminalName
                self.payment = payment
                self.amount = amount
                self.program = program
                self.programName = programName
                self.refund = refund
                self.refundedAt = refundedAt
                self.refundMemo = refundMemo
            }

            enum CodingKeys: String, CodingKey {
                case time, store, terminal, payment, amount, program, refund
                case storeName = "store_name"
                case terminalName = "terminal_name"
                case programName = "program_name"
                case refundedAt = "refunded_at"
                case refundMemo = "refund_memo"
            }
        }

        /// The page's rows, newest first.
        public let rows: [Row]
        /// How many payments match the search in all.
        public let matching: Int
        /// The page shown, from 1.
        public let page: Int
        /// Rows per page.
        public let pageSize: Int
        /// How many pages the search has.
        public let pageCount: Int

        /// A page from its fields.
        public init(rows: [Row], matching: Int, page: Int, pageSize: Int, pageCount: Int) {
            self.rows = rows
            self.matching = matching
            self.page = page
            self.pageSize = pageSize
            self.pageCount = pageCount
        }

        enum CodingKeys: String, CodingKey {
            case rows, matching, page
            case pageSize = "page_size"
            case pageCount = "page_count"
        }
    }

    /// Daily or monthly totals per program, with the total row.
    public struct Totals: Hashable, Sendable, Codable {
        /// One period and program.
        public struct Row: Hashable, Sendable, Codable {
            /// The day (YYYY-MM-DD) or month (YYYY-MM).
            public let period: String
            /// The program's code.
            public let program: String
            /// The program's name.
            public let programName: String
            /// Payments standing.
            public let count: Int
            /// Their amount.
            public let amount: Yen

            /// A row from its fields.
            public init(period: String, program: String, programName: String, count: Int, amount: Yen) {
                self.period = period
                self.program = program
                self.programName = programName
                self.count = count
                self.amount = amount
            }

            enum CodingKeys: String, CodingKey {
                case period, program, count, amount
                case programName = "program_name"
            }
        }

        /// The rows, oldest period first.
        public let rows: [Row]
        /// The sum of the rows.
        public let total: TallyView

        /// Totals from their fields.
        public init(rows: [Row], total: TallyView) {
            self.rows = rows
            self.total = total
        }
    }

    /// The sales summary (売上照会): per day, newest first, and the period's total.
    public struct Sales: Hashable, Sendable, Codable {
        /// One day.
        public struct Day: Hashable, Sendable, Codable {
            /// The day (YYYY-MM-DD).
            public let day: String
            /// Payments made that day.
            public let payments: TallyView
            /// Refunds made that day.
            public let refunds: TallyView
            /// Payments less refunds.
            public let net: Yen

            /// A day from its fields.
            public init(day: String, payments: TallyView, refunds: TallyView, net: Yen) {
                self.day = day
                self.payments = payments
                self.refunds = refunds
                self.net = net
            }
        }

        /// The first day searched.
        public let from: String
        /// The last day searched.
        public let to: String
        /// The days with activity, newest first.
        public let days: [Day]
        /// The period's payments.
        public let payments: TallyView
        /// The period's refunds.
        public let refunds: TallyView
        /// The period's payments less refunds.
        public let net: Yen

        /// A summary from its fields.
        public init(from: String, to: String, days: [Day], payments: TallyView, refunds: TallyView, net: Yen) {
            self.from = from
            self.to = to
            self.days = days
            self.payments = payments
            self.refunds = refunds
            self.net = net
        }
    }

    /// The settlement list (支払一覧): each closing period and what is due.
    public struct Settlement: Hashable, Sendable, Codable {
        /// One closing period.
        public struct Period: Hashable, Sendable, Codable {
            /// The period's first day.
            public let from: String
            /// The closing day.
            public let closing: String
            /// The payout day.
            public let payout: String
            /// Payments made in the period.
            public let payments: TallyView
            /// Refunds made in the period.
            public let refunds: TallyView
            /// What is paid out for it.
            public let due: Yen

            /// A period from its fields.
            public init(
                from: String,
                closing: String,
                payout: String,
                payments: TallyView,
                refunds: TallyView,
                due: Yen
            ) {
                self.from = from
                self.closing = closing
                self.payout = payout
                self.payments = payments
                self.refunds = refunds
                self.due = due
            }
        }

        /// The program's code.
        public let program: String
        /// The program's name.
        public let programName: String
        /// The periods, oldest first.
        public let periods: [Period]
        /// What is due over every period.
        public let totalDue: Yen

        /// A list from its fields.
        public init(program: String, programName: String, periods: [Period], totalDue: Yen) {
            self.program = program
            self.programName = programName
            self.periods = periods
            self.totalDue = totalDue
        }

        enum CodingKeys: String, CodingKey {
            case program, periods
            case programName = "program_name"
            case totalDue = "total_due"
        }
    }

    /// An export job: its receipt, progress and, once finished, its size and expiry.
    public struct Export: Hashable, Sendable, Codable {
        /// The receipt number (1234-5678-9012).
        public let receipt: String
        /// The first day exported.
        public let from: String
        /// The last day exported.
        public let to: String
        /// The store exported, or all.
        public let store: String?
        /// The file's encoding (`utf-8`, `shift_jis`, `windows-31j`).
        public let encoding: String
        /// `queued`, `running`, `finished` or `failed`.
        public let state: String
        /// Why it failed.
        public let error: String?
        /// How far it is, 0 to 100.
        public let percent: Int
        /// Rows written.
        public let rows: Int
        /// Bytes written.
        public let bytes: Int
        /// When it was requested (UTC).
        public let requestedAt: String
        /// When the finished file is deleted (UTC).
        public let expiresAt: String?

        /// A job's view from its fields.
        public init(
            receipt: String,
            from: String,
            to: String,
            store: String?,
            encoding: String,
            state: String,
            error: String?,
            percent: Int,
            rows: Int,
            bytes: Int,
            requestedAt: String,
            expiresAt: String?
        ) {
            self.receipt = receipt
            self.from = from
            self.to = to
            self.store = store
            self.encoding = encoding
            self.state = state
            self.error = error
            self.percent = percent
            self.rows = rows
            self.bytes = bytes
            self.requestedAt = requestedAt
            self.expiresAt = expiresAt
        }

        enum CodingKeys: String, CodingKey {
            case receipt, from, to, store, encoding, state, error, percent, rows, bytes
            case requestedAt = "requested_at"
            case expiresAt = "expires_at"
        }
    }
}
