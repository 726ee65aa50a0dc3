/// The notification outbox as `outbox.status` shows it.
public struct OutboxView: Hashable, Sendable, Codable {
    /// Notifications waiting to be delivered.
    public let pending: Int
    /// Those that failed at least once.
    public let failing: Int
    /// Notifications delivered.
    public let delivered: Int
    /// When the oldest waiting one was queued (UTC).
    public let oldestPending: String?

    /// The outbox from its fields.
    public init(pending: Int, failing: Int, delivered: Int, oldestPending: String?) {
        self.pending = pending
        self.failing = failing
        self.delivered = delivered
        self.oldestPending = oldestPending
    }

    enum CodingKeys: String, CodingKey {
        case pending, failing, delivered
        case oldestPending = "oldest_pending"
    }
}
