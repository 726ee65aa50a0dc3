/// One payment in the usage list: what 000's 利用実績 screen shows on a line.
public struct UsageRow: Hashable, Sendable, Codable {
    /// The payment (決済番号).
    public var payment: PaymentID
    /// When it was confirmed (UTC; shown in the ledger's zone).
    public var at: Timestamp
    /// The store's code.
    public var store: SiteCode
    /// The store's name.
    public var storeName: String
    /// The terminal's code.
    public var terminal: SiteCode
    /// The terminal's name.
    public var terminalName: String
    /// The amount paid (利用金額).
    public var amount: Yen
    /// The program (商品).
    public var program: ProgramCode
    /// The program's name.
    public var programName: String
    /// The refund, when it was refunded (取消済).
    public var refund: RefundID?
    /// When it was refunded.
    public var refundedAt: Timestamp?
    /// Why, as the refund's memo says (empty without one).
    public var refundMemo: String?

    /// A row from its parts.
    public init(
        payment: PaymentID,
        at: Timestamp,
        store: SiteCode,
        storeName: String,
        terminal: SiteCode,
        terminalName: String,
        amount: Yen,
        program: ProgramCode,
        programName: String,
        refund: RefundID?,
        refundedAt: Timestamp?,
        refundMemo: String? = nil
    ) {
        self.payment = payment
        self.at = at
        self.store = store
        self.storeName = storeName
        self.terminal = terminal
        self.terminalName = terminalName
        self.amount = amount
        self.program = program
        self.programName = programName
        self.refund = refund
        self.refundedAt = refundedAt
        self.refundMemo = refundMemo
    }
}
