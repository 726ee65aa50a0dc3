/// One line of a payment: a voucher spent or part of an e-ticket's balance.
public struct PaymentLine: Hashable, Sendable, Codable {
    /// The code.
    public var code: CodeReference
    /// What the payment took from it.
    public var amount: Yen
    /// What it was worth after the payment (0 for a voucher).
    public var balanceAfter: Yen

    /// A line from its parts.
    public init(code: CodeReference, amount: Yen, balanceAfter: Yen) {
        self.code = code
        self.amount = amount
        self.balanceAfter = balanceAfter
    }
}

/// A confirmed payment (換金/決済): durable once returned.
public struct Payment: Hashable, Sendable, Codable {
    /// The payment's number.
    public var id: PaymentID
    /// When it was confirmed (UTC).
    public var at: Timestamp
    /// The program of every line.
    public var program: ProgramCode
    /// The store.
    public var store: SiteCode
    /// The terminal.
    public var terminal: SiteCode
    /// The operator who confirmed.
    public var operatorName: String
    /// The amount entered when the session opened.
    public var requested: Yen
    /// The amount paid: the sum of the lines (less than `requested` after "settle what was read").
    public var amount: Yen
    /// The lines, in the order the codes were read.
    public var lines: [PaymentLine]
    /// The session it came from.
    public var session: SessionID
    /// The idempotency key of the confirm.
    public var idempotencyKey: IdempotencyKey
    /// The refund, if it was refunded.
    public var refund: RefundID?

    /// A payment from its parts.
    public init(
        id: PaymentID,
        at: Timestamp,
        program: ProgramCode,
        store: SiteCode,
        terminal: SiteCode,
        operatorName: String,
        requested: Yen,
        amount: Yen,
        lines: [PaymentLine],
        session: SessionID,
        idempotencyKey: IdempotencyKey,
        refund: RefundID?
    ) {
        self.id = id
        self.at = at
        self.program = program
        self.store = store
        self.terminal = terminal
        self.operatorName = operatorName
        self.requested = requested
        self.amount = amount
        self.lines = lines
        self.session = session
        self.idempotencyKey = idempotencyKey
        self.refund = refund
    }
}

/// What a confirm asks the ledger to record, all or nothing.
public struct ConfirmRequest: Hashable, Sendable {
    /// Makes a retried confirm return the first payment.
    public var idempotencyKey: IdempotencyKey
    /// The session whose holds are spent.
    public var session: SessionID
    /// The session's program.
    public var program: ProgramCode
    /// The amount entered at open.
    public var requested: Yen
    /// The lines read, each with the amount taken.
    public var lines: [HeldCode]
    /// The terminal.
    public var terminal: SiteCode
    /// Who confirms.
    public var principal: Principal
    /// The time of confirmation.
    public var now: Timestamp

    /// A request from its parts.
    public init(
        idempotencyKey: IdempotencyKey,
        session: SessionID,
        program: ProgramCode,
        requested: Yen,
        lines: [HeldCode],
        terminal: SiteCode,
        principal: Principal,
        now: Timestamp
    ) {
        self.idempotencyKey = idempotencyKey
        self.session = session
        self.program = program
        self.requested = requested
        self.lines = lines
        self.terminal = terminal
        self.principal = principal
        self.now = now
    }
}
