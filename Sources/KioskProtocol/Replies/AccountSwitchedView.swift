/// The reply to `account.disable` (`{"disabled": NAME}`) or `account.enable` (`{"enabled": NAME}`).
public struct AccountSwitchedView: Hashable, Sendable, Codable {
    /// The account.
    public let name: String
    /// Whether it is now disabled.
    public let disabled: Bool

    /// The reply.
    public init(name: String, disabled: Bool) {
        self.name = name
        self.disabled = disabled
    }

    enum CodingKeys: String, CodingKey { case disabled, enabled }

    /// Reads `{"disabled": NAME}` or `{"enabled": NAME}`.
    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try fields.decodeIfPresent(String.self, forKey: .disabled) {
            self.init(name: name, disabled: true)
        } else {
            self.init(name: try fields.decode(String.self, forKey: .enabled), disabled: false)
        }
    }

    /// Writes `{"disabled": NAME}` or `{"enabled": NAME}`.
    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(name, forKey: disabled ? .disabled : .enabled)
    }
}
