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

    /// The view of a payment.
    ///
    /// - Parameter payment: The ledger's payment.
    public init(_ payment: Payment, refundMemo: String? = nil) {
        self.refundMemo = refundMemo
        self.payment = payment.id.description
        time = payment.at.description
        program = payment.program.description
        store = payment.store.description
        terminal = payment.terminal.description
        operatorName = payment.operatorName
        requested = payment.requested
        amount = payment.amount
        session = payment.session.description
        lines = payment.lines.map { Line(code: $0.code.description, amount: $0.amount, balanceAfter: $0.balanceAfter) }
        refund = payment.refund?.description
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

    /// The view of a balance.
    ///
    /// - Parameter balance: The ledger's answer.
    public init(_ balance: CodeBalance) {
        code = balance.code.description
        self.balance = balance.balance
        state = balance.voucherState?.rawValue
        spentIn = balance.spentIn?.description
        expiry = balance.expiry?.description
        held = balance.held
    }

    enum CodingKeys: String, CodingKey {
        case code, balance, state, expiry, held
        case spentIn = "spent_in"
    }
}
