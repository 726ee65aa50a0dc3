/// kioskd's last event before it stops: why, and what became of the open sessions.
public struct StoppingView: Hashable, Sendable, Codable {
    /// One sentence for the operator.
    public let message: String

    /// The event from its message.
    public init(message: String) { self.message = message }
}
