/// A ledger's self-check: the money invariants, each counted, with the broken ones named.
///
/// Used after a crash (the torture run), by the status op and by operators who doubt the file.
public struct LedgerConsistency: Hashable, Sendable, Codable {
    /// The storage engine's own check ("ok" when the file's structure is sound).
    public var integrity: String
    /// Payments recorded.
    public var payments: Int
    /// Refunds recorded.
    public var refunds: Int
    /// The sum of all payments' amounts.
    public var paid: Yen
    /// The sum of all refunds' amounts.
    public var refunded: Yen
    /// The value taken from codes: spent vouchers' face values plus what e-tickets lost from their issue balance.
    public var valueSpent: Yen
    /// Codes held right now.
    public var holds: Int
    /// Each broken invariant, in words; empty when the ledger is consistent.
    public var violations: [String]

    /// Whether every invariant holds and the storage check passed.
    public var ok: Bool { integrity == "ok" && violations.isEmpty }

    /// A report from its parts.
    public init(
        integrity: String,
        payments: Int,
        refunds: Int,
        paid: Yen,
        refunded: Yen,
        valueSpent: Yen,
        holds: Int,
        violations: [String]
    ) {
        self.integrity = integrity
        self.payments = payments
        self.refunds = refunds
        self.paid = paid
        self.refunded = refunded
        self.valueSpent = valueSpent
        self.holds = holds
        self.violations = violations
    }
}
