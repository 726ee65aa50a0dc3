/// What `audit.verify` found: the chain from its start, the money against it, and the head.
public struct AuditView: Hashable, Sendable, Codable {
    /// Entries checked.
    public let checked: Int64
    /// Whether the chain holds and the money matches it.
    public let ok: Bool
    /// The sequence number of the first bad entry.
    public let firstBad: Int64?
    /// Why it is bad, or the first money finding.
    public let reason: String?
    /// The money rows against the chain.
    public let money: MoneyView
    /// The chain's last entry as `SEQUENCE:HASH`, to record off the kiosk.
    public let head: String?

    /// The verification from its fields.
    public init(checked: Int64, ok: Bool, firstBad: Int64?, reason: String?, money: MoneyView, head: String?) {
        self.checked = checked
        self.ok = ok
        self.firstBad = firstBad
        self.reason = reason
        self.money = money
        self.head = head
    }

    enum CodingKeys: String, CodingKey {
        case checked, ok, reason, money, head
        case firstBad = "first_bad"
    }
}
