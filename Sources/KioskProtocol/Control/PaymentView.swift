/// A confirmed payment as the control protocol shows it.
public struct PaymentView: Hashable, Sendable, Codable {
    /// One code spent by the payment.
    public struct Line: Hashable, Sendable, Codable {
        /// The code, as printed.
        public let code: String
        /// What was taken from it, in yen.
        public let amount: Yen
        /// What is left on it: 0 for a paper voucher, the remaining balance of an e-ticket.
        public let balanceAfter: Yen

        /// A line from its fields.
        public init(code: String, amount: Yen, balanceAfter: Yen) {
            self.code = code
            self.amount = amount
            self.balanceAfter = balanceAfter
        }

        enum CodingKeys: String, CodingKey {
            case code, amount
            case balanceAfter = "balance_after"
        }
    }

    /// The payment id, e.g. `P000000000042`.
    public let payment: String
    /// When it was confirmed, in UTC (ISO 8601).
    public let time: String
    /// The program.
    public let program: String
    /// The store and terminal.
    public let store: String
    /// The terminal that confirmed it.
    public let terminal: String
    /// Who confirmed it.
    public let operatorName: String
    /// The amount entered for the session.
    public let requested: Yen
    /// The amount paid by codes.
    public let amount: Yen
    /// The codes spent.
    public let lines: [Line]
    /// The session it was paid in (16 hex digits): a POS matches the payment event to its sale.
    public let session: String
    /// The refund, once refunded.
    public let refund: String?
    /// The refund's memo, when the view was made with it (refund search).
    public let refundMemo: String?

    /// A payment's view from its fields.
    public init(
        payment: String,
        time: String,
        program: String,
        store: String,
        terminal: String,
        operatorName: String,
        requested: Yen,
        amount: Yen,
        lines: [Line],
        session: String,
        refund: String?,
        refundMemo: String? = nil
    ) {
        self.payment = payment
        self.time = time
        self.program = program
        self.store = store
        self.terminal = terminal
        self.operatorName = operatorName
        self.requested = requested
        self.amount = amount
        self.lines = lines
        self.session = session
        self.refund = refund
        self.refundMemo = refundMemo
    }

    enum CodingKeys: String, CodingKey {
        case payment, time, program, store, terminal, requested, amount, lines, refund, session
        case refundMemo = "refund_memo"
        case operatorName = "operator"
    }
}

/// A code's balance and state as the `balance` operation shows it (残高照会).
public struct BalanceView: Hashable, Sendable, Codable {
    /// The code, as printed.
    public let code: String
    /// What it is worth now, in yen.
    public let balance: Yen
    /// A paper voucher's state (`unspent`, `spent`, ...); `null` for an e-ticket.
    public let state: String?
    /// The payment that spent it, if any.
    public let spentIn: String?
    /// When it expires (UTC), if it does.
    public let expiry: String?
    /// Whether an open session holds it right now.
    public let held: Bool

    /// A balance's view from its fields.
    public init(code: String, balance: Yen, state: String?, spentIn: String?, expiry: String?, held: Bool) {
        self.code = code
        self.balance = balance
        self.state = state
        self.spentIn = spentIn
        self.expiry = expiry
        self.held = held
    }

    enum CodingKeys: String, CodingKey {
        case code, balance, state, expiry, held
        case spentIn = "spent_in"
    }
}
