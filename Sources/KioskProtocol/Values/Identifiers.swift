/// The code of a program (a voucher or e-ticket product), such as "KOMATSU26".
///
/// One to twelve characters of `A-Z` and `0-9`, so it fits the QR alphanumeric mode and is
/// unambiguous on a printed sheet.
public struct ProgramCode: Hashable, Comparable, Sendable, TextCodable, CustomStringConvertible {
    /// The code's text.
    public let rawValue: String

    /// Validates a program code, or returns `nil`.
    public init?(_ text: String) {
        guard (1...12).contains(text.utf8.count),
            text.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) })
        else { return nil }
        rawValue = text
    }

    /// The code's text.
    public var description: String { rawValue }

    /// Orders codes by text.
    public static func < (lhs: ProgramCode, rhs: ProgramCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The code of a merchant, a store or a terminal, as the program office assigns it.
///
/// One to 32 characters of `A-Z`, `a-z`, `0-9`, `-` and `_`.
public struct SiteCode: Hashable, Comparable, Sendable, TextCodable, CustomStringConvertible {
    /// The code's text.
    public let rawValue: String

    /// Validates a site code, or returns `nil`.
    public init?(_ text: String) {
        guard (1...32).contains(text.utf8.count),
            text.utf8.allSatisfy({
                (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D
                    || $0 == 0x5F
            })
        else { return nil }
        rawValue = text
    }

    /// The code's text.
    public var description: String { rawValue }

    /// Orders codes by text.
    public static func < (lhs: SiteCode, rhs: SiteCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A payment's number, unique in the ledger, shown as "P" and twelve digits.
public struct PaymentID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The number (1 and up).
    public var rawValue: Int64

    /// Wraps a payment number.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Parses "P000000000042", "P42" or "42", or returns `nil`.
    public init?(_ text: String) {
        let digits = text.hasPrefix("P") || text.hasPrefix("p") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let number = Int64(digits), number > 0
        else { return nil }
        rawValue = number
    }

    /// "P" and the number in twelve digits.
    public var description: String { "P" + zeroPadded(rawValue, width: 12) }

    /// Orders by number, which is also the order of confirmation.
    public static func < (lhs: PaymentID, rhs: PaymentID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A refund's number, unique in the ledger, shown as "R" and twelve digits.
public struct RefundID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The number (1 and up).
    public var rawValue: Int64

    /// Wraps a refund number.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// "R" and the number in twelve digits.
    public var description: String { "R" + zeroPadded(rawValue, width: 12) }

    /// Orders by number.
    public static func < (lhs: RefundID, rhs: RefundID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A redemption session's identifier: 64 random bits, shown as 16 hex digits.
public struct SessionID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 64 bits.
    public var rawValue: UInt64

    /// Wraps an identifier.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A fresh identifier from the system's random generator.
    public static func random() -> SessionID {
        var generator = SystemRandomNumberGenerator()
        return SessionID(rawValue: generator.next())
    }

    /// Parses 16 hex digits, or returns `nil`.
    public init?(_ text: String) {
        guard text.utf8.count == 16, let value = UInt64(text, radix: 16) else { return nil }
        rawValue = value
    }

    /// 16 lower-case hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A key chosen by the caller of a money-changing request (confirm, refund), so a retry
/// returns the first result instead of doing it twice.
///
/// One to 100 printable ASCII characters.
public struct IdempotencyKey: Hashable, Sendable, TextCodable, CustomStringConvertible {
    /// The key's text.
    public let rawValue: String

    /// Validates a key, or returns `nil`.
    public init?(_ text: String) {
        guard (1...100).contains(text.utf8.count), text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            return nil
        }
        rawValue = text
    }

    /// The key's text.
    public var description: String { rawValue }
}
