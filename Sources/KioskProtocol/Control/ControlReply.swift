/// One reply line of the control protocol as kioskd sends it: the encoded ``ControlReplyLine``.
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
    public static func success(id: RequestID?, _ result: ControlResult) -> ControlReply {
        encode(ControlReplyLine(id: id, outcome: .success(result)))
    }

    /// A refusal: the request changed nothing.
    ///
    /// - Parameters:
    ///   - id: The request's id, if it could be read.
    ///   - error: Why.
    /// - Returns: The reply.
    public static func failure(id: RequestID?, _ error: ControlError) -> ControlReply {
        encode(ControlReplyLine(id: id, outcome: .failure(error)))
    }

    private static func encode(_ reply: ControlReplyLine) -> ControlReply {
        do {
            return ControlReply(line: Array(try reply.encoded()))
        } catch {
            // Our own result types always encode; reaching this is a bug worth seeing on the wire.
            return failure(id: nil, ControlError(code: "internal", message: "kioskd could not encode its reply."))
        }
    }
}
