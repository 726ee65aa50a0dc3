/// A scanned code the open session refused, with the error a request would have had.
public struct ScanRefusalView: Hashable, Sendable, Codable {
    /// The session the code was presented to.
    public let session: String
    /// The refusal's stable code, such as `voucher_already_spent`.
    public let code: String
    /// One sentence for the operator.
    public let message: String

    /// A refusal from its fields.
    public init(session: String, code: String, message: String) {
        self.session = session
        self.code = code
        self.message = message
    }
}
