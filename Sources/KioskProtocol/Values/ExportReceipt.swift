/// The receipt number of an export request (処理受付番号): the operator notes it and fetches the
/// file with it (002 8-2, 8-3).
///
/// Twelve random digits, shown in groups of four ("4821-0937-1650"), so one operator cannot guess
/// another's receipt and a number read over the phone is easy to check.
public struct ExportReceipt: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The number, 0 to 999,999,999,999.
    public var rawValue: UInt64

    /// Wraps a number; `nil` above twelve digits.
    public init?(rawValue: UInt64) {
        guard rawValue <= 999_999_999_999 else { return nil }
        self.rawValue = rawValue
    }

    /// Parses "4821-0937-1650" or "482109371650", or returns `nil`.
    public init?(_ text: String) {
        let digits = text.filter { $0 != "-" }
        guard digits.count == 12, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = UInt64(digits)
        else { return nil }
        self.init(rawValue: value)
    }

    /// A fresh random receipt.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ExportReceipt {
        ExportReceipt(checked: UInt64.random(in: 0...999_999_999_999, using: &generator))
    }

    private init(checked value: UInt64) { rawValue = value }

    /// Twelve digits in three groups of four.
    public var description: String {
        let digits = zeroPadded(rawValue, width: 12)
        let a = digits.prefix(4)
        let b = digits.dropFirst(4).prefix(4)
        let c = digits.suffix(4)
        return "\(a)-\(b)-\(c)"
    }
}
