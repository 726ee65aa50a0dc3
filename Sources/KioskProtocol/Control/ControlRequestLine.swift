public import Foundation

/// One request line as a client sends it: the request's fields with its `id` and login `token`.
public struct ControlRequestLine: Sendable, Encodable {
    /// The id the reply echoes.
    public var id: RequestID
    /// The login token, for every operation but `status` and `login`.
    public var token: String?
    /// What is asked.
    public var request: ControlRequest

    /// A line from its parts.
    public init(id: RequestID, token: String?, request: ControlRequest) {
        self.id = id
        self.token = token
        self.request = request
    }

    /// Writes the request's fields, the `id` and the `token` as one object.
    ///
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        try request.encode(to: encoder)
        var fields = encoder.container(keyedBy: FieldKey.self)
        try fields.encode(id, forKey: FieldKey("id"))
        if let token { try fields.encode(token, forKey: FieldKey("token")) }
    }

    /// The line's JSON text without the newline, keys sorted.
    ///
    /// - Throws: `EncodingError` only for a value JSON cannot hold (none of the protocol's).
    public func encoded() throws -> Data { try ControlJSON.encoder().encode(self) }
}
