/// The audit chain's last entry, as `audit.head` gives it (all empty and 0 for an empty chain).
public struct AuditHeadView: Hashable, Sendable, Codable {
    /// The entry's sequence number.
    public let sequence: Int64
    /// Its hash, 64 hex digits.
    public let hash: String
    /// `SEQUENCE:HASH`, as `audit.verify` takes it back.
    public let head: String

    /// The head from its fields.
    public init(sequence: Int64, hash: String, head: String) {
        self.sequence = sequence
        self.hash = hash
        self.head = head
    }
}
