import Foundation

/// One reply line of the control protocol: the request's id, `ok`, and a result or an error.
///
/// `{"id":"7","ok":true,"result":{...}}` or `{"id":"7","ok":false,"error":{"code":"...","message":"..."}}`.
/// A reply to a line whose id could not be read carries `"id":null`.
public struct ControlReply: Sendable {
    /// The JSON text of the reply, without the newline.
    public let line: [UInt8]

    /// A successful reply.
    ///
    /// - Parameters:
    ///   - id: The request's id.
    ///   - result: The operation's result.
    /// - Returns: The reply.
    public static func success(id: RequestID?, _ result: some Encodable) -> ControlReply {
        encode(Success(id: id, result: result))
    }

    /// A refusal: the request changed nothing.
    ///
    /// - Parameters:
    ///   - id: The request's id, if it could be read.
    ///   - error: Why.
    /// - Returns: The reply.
    public static func failure(id: RequestID?, _ error: ControlError) -> ControlReply {
        encode(Failure(id: id, error: error))
    }

    private struct Success<Result: Encodable>: Encodable {
        let id: RequestID?
        let ok = true
        let result: Result
        enum CodingKeys: String, CodingKey { case id, ok, result }
        func encode(to encoder: any Swift.Encoder) throws {
            var fields = encoder.container(keyedBy: CodingKeys.self)
            try fields.encode(id, forKey: .id)
            try fields.encode(ok, forKey: .ok)
            try fields.encode(result, forKey: .result)
        }
    }

    private struct Failure: Encodable {
        let id: RequestID?
        let error: ControlError
        enum CodingKeys: String, CodingKey { case id, ok, error }
        func encode(to encoder: any Swift.Encoder) throws {
            var fields = encoder.container(keyedBy: CodingKeys.self)
            try fields.encode(id, forKey: .id)
            try fields.encode(false, forKey: .ok)
            try fields.encode(error, forKey: .error)
        }
    }

    private static func encode(_ value: some Encodable) -> ControlReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ControlReply(line: Array(try encoder.encode(value)))
        } catch {
            // Our own result types always encode; reaching this is a bug worth seeing on the wire.
            let fallback = #"{"id":null,"ok":false,"error":{"code":"internal","message":"kioskd could not encode its reply."}}"#
            return ControlReply(line: Array(fallback.utf8))
        }
    }
}
