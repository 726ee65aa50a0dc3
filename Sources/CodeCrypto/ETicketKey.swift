/// An e-ticket's key as the program office hands it to the holder's phone app once, at issue:
/// the program's number and the 32-byte key in base32, `027-ABCD...` (3 digits, a hyphen, 52
/// characters).
///
/// The number is there because the typed fallback code carries it; the key alone makes the
/// ticket's rotating codes (``ETicketCode``) and no other ticket's.
public struct ETicketKey: Hashable, Sendable, CustomStringConvertible {
    /// The program's number, 1-999.
    public let programNumber: Int
    /// The 32 key bytes.
    public let bytes: [UInt8]

    /// A key from its parts; `nil` unless the number is 1-999 and there are 32 bytes.
    public init?(programNumber: Int, bytes: [UInt8]) {
        guard (1...999).contains(programNumber), bytes.count == 32 else { return nil }
        self.programNumber = programNumber
        self.bytes = bytes
    }

    /// Reads `NNN-BASE32`, or returns `nil`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 3, parts[0].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let number = Int(parts[0]), let bytes = Base32.decode(Array(parts[1].utf8))
        else { return nil }
        self.init(programNumber: number, bytes: bytes)
    }

    /// `NNN-BASE32`.
    public var description: String {
        let number = String(programNumber)
        return String(repeating: "0", count: 3 - number.count) + number + "-" + Base32.encode(bytes)
    }
}
