/// The money rows compared with the audit chain, and each that differs (part of ``AuditView``).
public struct MoneyView: Hashable, Sendable, Codable {
    /// Whether every money row matches the chain.
    public let ok: Bool
    /// Payments checked.
    public let payments: Int
    /// Refunds checked.
    public let refunds: Int
    /// Vouchers checked.
    public let vouchers: Int
    /// E-tickets checked.
    public let etickets: Int
    /// What differs, one sentence each.
    public let findings: [String]

    /// The comparison from its fields.
    public init(ok: Bool, payments: Int, refunds: Int, vouchers: Int, etickets: Int, findings: [String]) {
        self.ok = ok
        self.payments = payments
        self.refunds = refunds
        self.vouchers = vouchers
        self.etickets = etickets
        self.findings = findings
    }
}
