/// What the program office fetches a voucher sheet by: the program and the serials one
/// `issue.vouchers` issued, written `KOMATSU27:11-25`.
///
/// `issue.vouchers` answers with it, and `issue.sheet` hands out the sheet's pages against it as
/// often as needed (a jammed printer, a lost page): the pages are made again from the program's
/// secret, so nothing printable is stored on the kiosk.
public struct SheetReceipt: Hashable, Sendable, TextCodable {
    /// The program of the vouchers.
    public let program: ProgramCode
    /// The serials printed, at most ``maximumVouchers``.
    public let serials: ClosedRange<Int64>

    /// A receipt for issued serials; `nil` for an empty, non-positive or too long range.
    public init?(program: ProgramCode, serials: ClosedRange<Int64>) {
        guard serials.lowerBound >= 1, serials.count <= Self.maximumVouchers else { return nil }
        self.program = program
        self.serials = serials
    }

    /// Parses `PROGRAM:FIRST-LAST`, or returns `nil`.
    public init?(_ text: String) {
        let halves = text.split(separator: ":", omittingEmptySubsequences: false)
        guard halves.count == 2, let program = ProgramCode(String(halves[0])) else { return nil }
        let bounds = halves[1].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, bounds.allSatisfy({ !$0.isEmpty && $0.count <= 8 && $0.allSatisfy(\.isNumber) && $0.allSatisfy(\.isASCII) }),
            let first = Int64(bounds[0]), let last = Int64(bounds[1]), first <= last
        else { return nil }
        self.init(program: program, serials: first...last)
    }

    /// `PROGRAM:FIRST-LAST`.
    public var description: String { "\(program):\(serials.lowerBound)-\(serials.upperBound)" }

    /// The sheet's page count.
    public var pages: Int { Self.pageCount(of: serials) }

    /// Vouchers on a full page of the sheet (Kiosk's `VoucherSheet` lays them out 3 by 5).
    public static let vouchersPerPage = 15

    /// The most vouchers one sheet holds.
    public static let maximumVouchers = 100_000

    /// How many pages the serials fill.
    public static func pageCount(of serials: ClosedRange<Int64>) -> Int {
        (serials.count + vouchersPerPage - 1) / vouchersPerPage
    }
}
