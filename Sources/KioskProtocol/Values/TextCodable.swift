/// A value that JSON holds as its text and reads back through its validating initializer, so a
/// stored or received value is checked exactly as a typed one is.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Validates the text, or returns `nil`.
    init?(_ text: String)
}

extension TextCodable {
    /// Encodes as the text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes and validates the text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a valid \(Self.self): \(text)")
        }
        self = value
    }
}
