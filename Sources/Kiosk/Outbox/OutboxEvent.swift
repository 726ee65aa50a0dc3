/// A notification waiting in the outbox (or delivered): written in the same transaction as the
/// payment or refund it announces, so it exists exactly when that change does.
public struct OutboxEvent: Hashable, Sendable, Codable {
    /// The event's number.
    public var id: Int64
    /// When it was written (UTC).
    public var createdAt: Timestamp
    /// What it announces: "payment.confirmed" or "payment.refunded".
    public var kind: String
    /// The event as one JSON object: what the notification command reads on stdin.
    public var payload: String
    /// Delivery attempts so far.
    public var attempts: Int
    /// When the next attempt is due.
    public var nextAttemptAt: Timestamp
    /// When it was delivered, if it was.
    public var deliveredAt: Timestamp?
    /// The last failure, kept for operators to see.
    public var lastError: String?

    /// An event from its parts.
    public init(
        id: Int64,
        createdAt: Timestamp,
        kind: String,
        payload: String,
        attempts: Int,
        nextAttemptAt: Timestamp,
        deliveredAt: Timestamp?,
        lastError: String?
    ) {
        self.id = id
        self.createdAt = createdAt
        self.kind = kind
        self.payload = payload
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}

/// The outbox at a glance, for the status op.
public struct OutboxStatus: Hashable, Sendable, Codable {
    /// Events not yet delivered.
    public var pending: Int
    /// Of those, events that failed at least once.
    public var failing: Int
    /// Events delivered.
    public var delivered: Int
    /// The oldest undelivered event's time.
    public var oldestPending: Timestamp?

    /// A status from its parts.
    public init(pending: Int, failing: Int, delivered: Int, oldestPending: Timestamp?) {
        self.pending = pending
        self.failing = failing
        self.delivered = delivered
        self.oldestPending = oldestPending
    }
}
