public import Foundation

/// One reply line: the request's id and either the operation's result or why it was refused.
///
/// `{"id":"7","ok":true,"result":{...}}` or `{"id":"7","ok":false,"error":{"code":"...","message":"..."}}`;
/// a reply to a line whose id could not be read carries `"id":null`.
public struct ControlReplyLine: Hashable, Sendable {
    /// The request's id, when it could be read.
    public var id: RequestID?
    /// The result, or the refusal (the request then changed nothing).
    public var outcome: Result<ControlResult, ControlError>

    /// A reply from its parts.
    public init(id: RequestID?, outcome: Result<ControlResult, ControlError>) {
        self.id = id
        self.outcome = outcome
    }

    /// Reads a reply line to `request`: its result has the shape the request is answered with.
    ///
    /// - Parameters:
    ///   - line: The line's bytes, without the newline.
    ///   - request: What was asked.
    /// - Returns: The reply.
    /// - Throws: `DecodingError` when the line is not a reply of that shape.
    public static func decode(_ line: some DataProtocol, answering request: ControlRequest) throws -> ControlReplyLine {
        let decoder = JSONDecoder()
        decoder.userInfo[shapeKey] = ControlResult.Shape.answering(request)
        return try decoder.decode(ControlReplyLine.self, from: Data(line))
    }

    /// Where ``decode(_:answering:)`` tells the decoder which result shape to expect.
    static let shapeKey: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "kioskd.resultShape") else {
            preconditionFailure("a non-empty user info key is always valid")
        }
        return key
    }()

    /// The line's JSON text without the newline, keys sorted.
    public func encoded() throws -> Data { try ControlJSON.encoder().encode(self) }
}

extension ControlReplyLine: Codable {
    enum CodingKeys: String, CodingKey { case id, ok, result, error }

    /// Reads a reply; its result's shape comes from the decoder's user info (``decode(_:answering:)``).
    ///
    /// - Throws: `DecodingError` when the line is not a reply, or a successful one without a shape to read.
    public init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: CodingKeys.self)
        id = try fields.decodeIfPresent(RequestID.self, forKey: .id)
        if try fields.decode(Bool.self, forKey: .ok) {
            guard let shape = decoder.userInfo[Self.shapeKey] as? ControlResult.Shape else {
                throw DecodingError.dataCorruptedError(
                    forKey: .result,
                    in: fields,
                    debugDescription: "a result is read knowing the request it answers"
                )
            }
            outcome = .success(try ControlResult(shape, from: try fields.superDecoder(forKey: .result)))
        } else {
            outcome = .failure(try fields.decode(ControlError.self, forKey: .error))
        }
    }

    /// Writes `id` (null when unknown), `ok`, and `result` or `error`.
    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(id, forKey: .id)
        switch outcome {
        case .success(let result):
            try fields.encode(true, forKey: .ok)
            try fields.encode(result, forKey: .result)
        case .failure(let error):
            try fields.encode(false, forKey: .ok)
            try fields.encode(error, forKey: .error)
        }
    }
}
