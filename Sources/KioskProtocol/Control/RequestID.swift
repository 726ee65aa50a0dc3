/// The id a client puts on a request, echoed on its reply so the client can match them.
///
/// Clients may use a string or an integer; it comes back exactly as sent.
public enum RequestID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// An id sent as a JSON string.
    case string(String)
    /// An id sent as a JSON integer.
    case number(Int64)

    /// Reads a string or an integer.
    ///
    /// - Parameter decoder: The JSON decoder.
    /// - Throws: `DecodingError` when the id is neither.
    public init(from decoder: any Swift.Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let number = try? value.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .string(try value.decode(String.self))
        }
    }

    /// Writes the id as it was received.
    ///
    /// - Parameter encoder: The JSON encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Swift.Encoder) throws {
        var value = encoder.singleValueContainer()
        switch self {
        case .string(let text): try value.encode(text)
        case .number(let number): try value.encode(number)
        }
    }

    /// The id as text, for logs.
    public var description: String {
        switch self {
        case .string(let text): text
        case .number(let number): String(number)
        }
    }
}
