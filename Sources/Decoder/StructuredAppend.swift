/// The structured-append header that links up to 16 symbols into one message (ISO/IEC 18004 8).
///
/// Each symbol of the set carries its position, the number of symbols in the set and one
/// parity byte (the XOR of every byte of the whole message), so a reader can collect the
/// symbols in any order and check that they belong together.
public struct StructuredAppend: Hashable, Sendable, CustomStringConvertible {
    /// This symbol's position in the set, from 0.
    public let position: Int
    /// How many symbols the set has, 2 through 16.
    public let total: Int
    /// The XOR of all bytes of the complete message.
    public let parity: UInt8

    /// Creates a header, checking that the position lies inside the set.
    ///
    /// - Parameters:
    ///   - position: The symbol's position, 0 through `total - 1`.
    ///   - total: The number of symbols, 2 through 16 (the header stores `total - 1` in four bits).
    ///   - parity: The parity byte; see ``parity(of:)``.
    /// - Throws: ``QREncodeError/invalidStructuredAppend(position:total:)`` when the numbers do not fit.
    public init(position: Int, total: Int, parity: UInt8) throws(QREncodeError) {
        guard (2...16).contains(total), (0..<total).contains(position) else {
            throw .invalidStructuredAppend(position: position, total: total)
        }
        self.position = position
        self.total = total
        self.parity = parity
    }

    /// Creates a header read from a symbol, where the four-bit fields cannot be out of range.
    init(unchecked position: Int, total: Int, parity: UInt8) {
        precondition((0..<16).contains(position) && (1...16).contains(total), "structured append fields out of range")
        self.position = position
        self.total = total
        self.parity = parity
    }

    /// The parity byte for a message: the XOR of all its bytes.
    ///
    /// - Parameter message: The complete message, in the byte encoding its symbols use.
    /// - Returns: The XOR of the bytes (0 for an empty message).
    public static func parity(of message: [UInt8]) -> UInt8 { message.reduce(0, ^) }

    /// The header as `position/total parity`, counted from 1, such as `1/3 p=0x5A`.
    public var description: String {
        let hex = String(parity, radix: 16, uppercase: true)
        return "\(position + 1)/\(total) p=0x" + (hex.count < 2 ? "0" + hex : hex)
    }

    /// Bits of the header: mode indicator 0011, position, total - 1, parity.
    static let bitLength = 20
}
