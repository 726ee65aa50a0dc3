/// Why the control server refused a request or a connection: a stable code and a message.
///
/// Codes never change once published (docs/protocol.md lists them); kioskctl maps them to exit
/// statuses. A refused request changes nothing.
public struct ControlError: Error, Hashable, Sendable, Codable {
    /// The stable machine-readable code, e.g. `bad_request`.
    public let code: String
    /// One sentence for the operator.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: One sentence for the operator.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The line was not JSON, or not an object with the fields the operation needs.
    public static func badRequest(_ detail: String) -> ControlError {
        ControlError(code: "bad_request", message: "The request could not be read: \(detail).")
    }

    /// The operation is not one this daemon knows.
    public static func unknownOperation(_ op: String) -> ControlError {
        ControlError(code: "unknown_op", message: "There is no operation named '\(op)'.")
    }

    /// The line was longer than the server accepts.
    public static func lineTooLong(limit: Int) -> ControlError {
        ControlError(code: "line_too_long", message: "A request line may be at most \(limit) bytes; closing the connection.")
    }

    /// The server already has as many clients as it serves at once.
    public static func tooManyClients(limit: Int) -> ControlError {
        ControlError(code: "too_many_clients", message: "kioskd already serves \(limit) clients; try again later.")
    }

    /// The client's uid already holds its share of the connections.
    public static func tooManyClients(uid: UInt32, share: Int) -> ControlError {
        ControlError(
            code: "too_many_clients",
            message: "uid \(uid) already has \(share) connections to kioskd, its share; close one or try again later."
        )
    }

    /// A connection was closed to make room for a client of a uid holding fewer connections.
    public static let evicted = ControlError(
        code: "too_many_clients",
        message: "kioskd is full and this connection, not logged in, was closed to let in a client of another uid."
    )

    /// A connection that has not logged in made no request for longer than its shorter idle limit.
    public static func loginIdleTimeout(seconds: Int) -> ControlError {
        ControlError(
            code: "idle_timeout",
            message: "No complete request for \(seconds) seconds on a connection that has not logged in; closing it."
        )
    }

    /// The client sent nothing for longer than the idle limit.
    public static func idleTimeout(seconds: Int) -> ControlError {
        ControlError(code: "idle_timeout", message: "No request for \(seconds) seconds; closing the connection.")
    }

    /// The daemon is stopping and takes no more requests.
    public static let shuttingDown = ControlError(code: "shutting_down", message: "kioskd is stopping and takes no more requests.")
}

extension ControlError: CustomStringConvertible {
    /// The message and its code, as kioskctl prints a refusal: "… [bad_request]".
    public var description: String { "\(message) [\(code)]" }
}
