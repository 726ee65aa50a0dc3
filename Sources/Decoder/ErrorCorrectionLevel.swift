/// How much of a QR symbol is spent on error correction.
///
/// Higher levels survive more damage (about 7 %, 15 %, 25 % and 30 % of codewords) at the cost
/// of capacity. The raw values are the two bits the format information carries (ISO/IEC 18004
/// table 12), which is why they are not in alphabetical order.
public enum ErrorCorrectionLevel: UInt8, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// Low: recovers about 7 % of codewords.
    case low = 0b01
    /// Medium: recovers about 15 % of codewords.
    case medium = 0b00
    /// Quartile: recovers about 25 % of codewords.
    case quartile = 0b11
    /// High: recovers about 30 % of codewords.
    case high = 0b10

    /// The level's letter as printed in the standard: L, M, Q or H.
    public var description: String {
        switch self {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }

    /// Parses a level's letter (L, M, Q or H, either case).
    ///
    /// - Parameter letter: The letter.
    /// - Returns: The level, or `nil` when the letter names none.
    public init?(letter: String) {
        switch letter.uppercased() {
        case "L": self = .low
        case "M": self = .medium
        case "Q": self = .quartile
        case "H": self = .high
        default: return nil
        }
    }

    /// Position in the standard's tables, which list levels in the order L, M, Q, H.
    var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }
}
