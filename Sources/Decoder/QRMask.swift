/// One of the eight data mask patterns (ISO/IEC 18004 table 10).
///
/// A mask flips data modules where its condition holds, to avoid patterns that confuse readers.
public struct QRMask: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The mask's reference, 0 through 7.
    public let rawValue: Int

    /// Creates a mask from its reference.
    ///
    /// - Parameter rawValue: 0 through 7.
    /// - Returns: `nil` for any other number.
    public init?(rawValue: Int) {
        guard (0...7).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// All eight masks.
    public static let all: [QRMask] = (0...7).map { QRMask(unchecked: $0) }

    init(unchecked reference: Int) {
        precondition((0...7).contains(reference), "mask \(reference) outside 0...7")
        rawValue = reference
    }

    /// The reference number.
    public var description: String { String(rawValue) }

    /// Whether the mask flips the module at `row`, `column`.
    @inline(__always)
    func flips(row i: Int, column j: Int) -> Bool {
        switch rawValue {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }
}
