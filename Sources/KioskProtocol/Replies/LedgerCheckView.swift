/// The whole ledger check of `ledger.check`: the file, the money invariants, the audit chain.
public struct LedgerCheckView: Hashable, Sendable, Codable {
    /// Whether everything holds.
    public let ok: Bool
    /// The database's own integrity check (`ok` when it holds).
    public let integrity: String
    /// Each broken money invariant, one sentence each.
    public let violations: [String]
    /// Payments checked.
    public let payments: Int
    /// Refunds checked.
    public let refunds: Int
    /// The audit chain and the money against it.
    public let audit: AuditView

    /// The check from its fields.
    public init(ok: Bool, integrity: String, violations: [String], payments: Int, refunds: Int, audit: AuditView) {
        self.ok = ok
        self.integrity = integrity
        self.violations = violations
        self.payments = payments
        self.refunds = refunds
        self.audit = audit
    }
}
