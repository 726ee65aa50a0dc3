/// The state of a paper voucher.
public enum VoucherState: String, Sendable, Codable {
    /// Issued and not used: worth its face value.
    case unspent
    /// Used in a payment.
    case spent
}

/// What a balance inquiry shows about a code, without holding it.
public struct CodeBalance: Hashable, Sendable, Codable {
    /// The code.
    public var code: CodeReference
    /// What it is still worth: a voucher's face value or 0 once spent; an e-ticket's balance.
    public var balance: Yen
    /// A voucher's state (`nil` for e-tickets).
    public var voucherState: VoucherState?
    /// The payment that spent a voucher.
    public var spentIn: PaymentID?
    /// An e-ticket's expiry.
    public var expiry: Timestamp?
    /// Whether an open session holds it right now.
    public var held: Bool

    /// A balance from its parts.
    public init(
        code: CodeReference,
        balance: Yen,
        voucherState: VoucherState?,
        spentIn: PaymentID?,
        expiry: Timestamp?,
        held: Bool
    ) {
        self.code = code
        self.balance = balance
        self.voucherState = voucherState
        self.spentIn = spentIn
        self.expiry = expiry
        self.held = held
    }
}

/// A code the ledger now holds for a session, and what it may give.
public struct HeldCode: Hashable, Sendable, Codable {
    /// The code.
    public var code: CodeReference
    /// The amount the session takes from it: a voucher's face value, or part of an e-ticket's balance.
    public var amount: Yen
    /// Its worth before this session: a voucher's face value or an e-ticket's balance.
    public var balanceBefore: Yen

    /// A held code from its parts.
    public init(code: CodeReference, amount: Yen, balanceBefore: Yen) {
        self.code = code
        self.amount = amount
        self.balanceBefore = balanceBefore
    }
}
