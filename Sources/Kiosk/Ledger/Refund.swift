/// A refund (取消/返金) of a whole payment: vouchers back to unspent, e-tickets credited.
///
/// Irreversible.
public struct Refund: Hashable, Sendable, Codable {
    /// The refund's number.
    public var id: RefundID
    /// The payment refunded.
    public var payment: PaymentID
    /// When (UTC).
    public var at: Timestamp
    /// The amount returned: the payment's amount.
    public var amount: Yen
    /// The operator's memo (may be empty).
    public var memo: String
    /// The operator who refunded.
    public var operatorName: String
    /// The operator's role at the time.
    public var role: Role
    /// The idempotency key of the request.
    public var idempotencyKey: IdempotencyKey

    /// A refund from its parts.
    public init(
        id: RefundID,
        payment: PaymentID,
        at: Timestamp,
        amount: Yen,
        memo: String,
        operatorName: String,
        role: Role,
        idempotencyKey: IdempotencyKey
    ) {
        self.id = id
        self.payment = payment
        self.at = at
        self.amount = amount
        self.memo = memo
        self.operatorName = operatorName
        self.role = role
        self.idempotencyKey = idempotencyKey
    }
}

/// What a refund would do, shown before it is done (002 5-4 返金確認).
public struct RefundPreview: Hashable, Sendable, Codable {
    /// One code's part of the refund.
    public struct Line: Hashable, Sendable, Codable {
        /// The code.
        public var code: CodeReference
        /// What returns to it.
        public var amount: Yen
        /// Its balance now.
        public var balanceNow: Yen
        /// Its balance after the refund (返金後残高).
        public var balanceAfter: Yen

        /// A line from its parts.
        public init(code: CodeReference, amount: Yen, balanceNow: Yen, balanceAfter: Yen) {
            self.code = code
            self.amount = amount
            self.balanceNow = balanceNow
            self.balanceAfter = balanceAfter
        }
    }

    /// The payment.
    public var payment: Payment
    /// The lines.
    public var lines: [Line]
    /// The total refunded (返金合計金額).
    public var total: Yen
    /// When the store's refund window closes (`nil`: never past the last closing, see the program).
    public var windowClosesAt: Timestamp
    /// Whether the principal asking may refund it now.
    public var allowed: Bool

    /// A preview from its parts.
    public init(payment: Payment, lines: [Line], total: Yen, windowClosesAt: Timestamp, allowed: Bool) {
        self.payment = payment
        self.lines = lines
        self.total = total
        self.windowClosesAt = windowClosesAt
        self.allowed = allowed
    }
}

/// A refund request.
public struct RefundRequest: Hashable, Sendable {
    /// The payment to refund.
    public var payment: PaymentID
    /// Makes a retried refund return the first refund.
    public var idempotencyKey: IdempotencyKey
    /// An optional memo, at most 200 characters.
    public var memo: String
    /// Who refunds (their role decides past the window).
    public var principal: Principal
    /// The time of the refund.
    public var now: Timestamp

    /// A request from its parts.
    public init(
        payment: PaymentID,
        idempotencyKey: IdempotencyKey,
        memo: String = "",
        principal: Principal,
        now: Timestamp
    ) {
        self.payment = payment
        self.idempotencyKey = idempotencyKey
        self.memo = memo
        self.principal = principal
        self.now = now
    }
}
