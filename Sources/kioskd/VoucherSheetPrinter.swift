import Decoder
import Kiosk

/// Draws the pages of a voucher sheet with our QR encoder: the one place kioskd turns payloads into
/// printable symbols (`issue.sheet`, `kioskd demo-setup`).
struct VoucherSheetPrinter {
    /// The error correction printed codes carry: quartile survives a crease or a stain on paper.
    static let level = ErrorCorrectionLevel.quartile

    let sheet: VoucherSheet

    /// A printer for one program's vouchers.
    init(program: Program, codec: VoucherCodec, timeZone: LedgerTimeZone) {
        sheet = VoucherSheet(program: program, codec: codec, timeZone: timeZone)
    }

    /// Every page of the serials' sheet.
    func pages(_ serials: ClosedRange<Int64>) throws(LedgerError) -> [String] {
        try sheet.pages(serials: serials, symbol: Self.symbol)
    }

    /// Page `number` (from 1) of the serials' sheet.
    func page(_ number: Int, of serials: ClosedRange<Int64>) throws(LedgerError) -> String {
        try sheet.page(number, of: serials, symbol: Self.symbol)
    }

    /// The encoder's symbol for a payload, as the sheet lays it out.
    static func symbol(_ payload: String) throws -> VoucherSheet.Symbol {
        let matrix = try QREncoder(level: level).encode(payload).matrix
        guard let symbol = VoucherSheet.Symbol(size: matrix.size, modules: matrix.modules) else {
            throw VoucherSheetPrinterError(size: matrix.size)
        }
        return symbol
    }
}

/// The encoder made a symbol the sheet cannot lay out (fewer than 21 modules a side).
struct VoucherSheetPrinterError: Error, CustomStringConvertible {
    let size: Int
    var description: String { "the QR encoder made a \(size)-module symbol the sheet cannot hold" }
}
