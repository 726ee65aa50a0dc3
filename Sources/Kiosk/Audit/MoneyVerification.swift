/// Whether the money tables say what the audit chain says, row by row.
///
/// The audit chain is hash-linked, so an edited entry is found by its hash; but the payments,
/// refunds, vouchers and e-tickets are rows of their own. Every change of money writes its whole
/// content into the chain in the same transaction (a payment with its lines, a refund, an
/// issuance), so replaying the chain gives what each row must hold. A row edited, deleted,
/// inserted or reverted outside kioskd differs from the replay and is named here. A chain
/// rewritten whole is found by comparing its head with one recorded off the kiosk
/// (`audit.head`, the notification events).
public struct MoneyVerification: Hashable, Sendable, Codable {
    /// One row that differs from the audit chain.
    public struct Finding: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The table: `payments`, `refunds`, `vouchers`, `etickets`.
        public var table: String
        /// The row, as an operator names it (`P000000000042`, `KOMATSU26 voucher 123`).
        public var row: String
        /// What differs, with the audit entry that says otherwise.
        public var reason: String

        /// A finding from its parts.
        public init(table: String, row: String, reason: String) {
            self.table = table
            self.row = row
            self.reason = reason
        }

        /// "payments P000000000042: amount is 50000 in the row, 1000 in audit entry 12".
        public var description: String { "\(table) \(row): \(reason)" }
    }

    /// Payment rows compared.
    public var payments: Int
    /// Refund rows compared.
    public var refunds: Int
    /// Voucher rows compared.
    public var vouchers: Int
    /// E-ticket rows compared.
    public var eTickets: Int
    /// The first rows that differ (at most ``maximumFindings``); empty when every row matches.
    public var findings: [Finding]

    /// How many findings are kept: enough to see the pattern of a tampering.
    public static let maximumFindings = 100

    /// Whether every money row matches the chain.
    public var ok: Bool { findings.isEmpty }

    /// A verification from its parts.
    public init(payments: Int, refunds: Int, vouchers: Int, eTickets: Int, findings: [Finding]) {
        self.payments = payments
        self.refunds = refunds
        self.vouchers = vouchers
        self.eTickets = eTickets
        self.findings = findings
    }
}
