/// The reply to `events.subscribe`; event lines follow it.
public struct SubscribedView: Hashable, Sendable, Codable {
    /// Always `true`.
    public let subscribed: Bool

    /// The reply.
    public init(subscribed: Bool = true) { self.subscribed = subscribed }
}
