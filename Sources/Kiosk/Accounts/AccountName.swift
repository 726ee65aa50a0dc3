/// The name an operator logs in with, such as "tanaka" or "store1-manager".
///
/// Two to 32 characters of `a-z`, `0-9`, `.`, `-` and `_`, starting with a letter: short enough
/// to type at a counter, and never mistaken for a uid or an option.
public struct AccountName: Hashable, Comparable, Sendable, TextCodable, CustomStringConvertible {
    /// The name's text.
    public let rawValue: String

    /// Validates a name, or returns `nil`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard (2...32).contains(bytes.count), let first = bytes.first, (0x61...0x7A).contains(first),
            bytes.allSatisfy({
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F
            })
        else { return nil }
        rawValue = text
    }

    /// The rule a name must follow, for error messages.
    public static let rule = "2 to 32 characters of a-z, 0-9, '.', '-' and '_', starting with a letter"

    /// The name's text.
    public var description: String { rawValue }

    /// Orders names by text.
    public static func < (lhs: AccountName, rhs: AccountName) -> Bool { lhs.rawValue < rhs.rawValue }
}
