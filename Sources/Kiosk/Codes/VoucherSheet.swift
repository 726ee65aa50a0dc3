/// A printable SVG sheet of paper vouchers: each voucher's QR code with its typed fallback digits,
/// the program's name, face value, serial and validity under it; A4 portrait, 3 × 5 vouchers a
/// page inside a margin, with cut marks at every cut line and dashed guides between vouchers.
///
/// The QR symbols come from a renderer passed in (the QR encoder in module `Decoder`), so this type
/// lays out pages and knows nothing of QR encoding. A page is made on its own, so a sheet of many
/// pages is fetched one page at a time.
public struct VoucherSheet: Sendable {
    /// A QR symbol's dark modules, row by row, without the quiet zone.
    public struct Symbol: Hashable, Sendable {
        /// Modules per side.
        public let size: Int
        /// `size × size` modules, row-major; `true` is dark.
        public let modules: [Bool]

        /// A symbol from its modules; `nil` unless there are `size × size` of them.
        public init?(size: Int, modules: [Bool]) {
            guard size >= 21, modules.count == size * size else { return nil }
            self.size = size
            self.modules = modules
        }
    }

    /// Columns of vouchers on a page.
    public static let columns = 3
    /// Rows of vouchers on a page.
    public static let rows = perPage / columns
    /// Vouchers on a full page: the protocol's, so a sheet receipt counts the same pages.
    public static let perPage = SheetReceipt.vouchersPerPage
    /// The most vouchers one sheet holds.
    public static let maximumVouchers = SheetReceipt.maximumVouchers
    /// Page width in millimetres (A4).
    static let pageWidth = 210.0
    /// Page height in millimetres (A4).
    static let pageHeight = 297.0
    /// The margin around the grid of vouchers, where the cut marks are, in millimetres.
    static let margin = 12.0
    /// Side of a QR symbol including its 4-module quiet zone, in millimetres.
    static let symbolSide = 32.0

    /// The program whose vouchers are printed.
    public let program: Program
    /// The codec that makes payloads and typed codes.
    public let codec: VoucherCodec
    /// The zone the validity dates are printed in (the kiosk's).
    public let timeZone: LedgerTimeZone

    /// A sheet maker for one program.
    public init(program: Program, codec: VoucherCodec, timeZone: LedgerTimeZone) {
        self.program = program
        self.codec = codec
        self.timeZone = timeZone
    }

    /// How many pages the serials fill.
    public static func pageCount(of serials: ClosedRange<Int64>) -> Int { SheetReceipt.pageCount(of: serials) }

    /// Renders one SVG document per page for the serials.
    ///
    /// - Parameters:
    ///   - serials: The vouchers to print (at most 100,000).
    ///   - symbol: Encodes a payload as a QR symbol.
    /// - Returns: The pages, each a complete SVG document.
    /// - Throws: ``LedgerError/invalidIssuance(reason:)`` for a paper-less program, a bad range or a
    ///   payload that cannot be encoded; ``LedgerError/noKeyForProgram(_:)``.
    public func pages(serials: ClosedRange<Int64>, symbol: (String) throws -> Symbol) throws(LedgerError) -> [String] {
        try check(serials)
        var pages: [String] = []
        for number in 1...Self.pageCount(of: serials) {
            pages.append(try page(number, of: serials, symbol: symbol))
        }
        return pages
    }

    /// Renders page `number` (from 1) of the sheet of `serials`.
    ///
    /// - Throws: ``LedgerError/invalidIssuance(reason:)`` for a paper-less program, a bad range, a
    ///   page past the end or a payload that cannot be encoded; ``LedgerError/noKeyForProgram(_:)``.
    public func page(
        _ number: Int,
        of serials: ClosedRange<Int64>,
        symbol: (String) throws -> Symbol
    ) throws(LedgerError) -> String {
        try check(serials)
        let pages = Self.pageCount(of: serials)
        guard (1...pages).contains(number) else {
            throw .invalidIssuance(reason: "the sheet of serials \(serials.lowerBound)-\(serials.upperBound) has \(pages) page(s), not page \(number)")
        }
        let first = serials.lowerBound + Int64((number - 1) * Self.perPage)
        let last = min(serials.upperBound, first + Int64(Self.perPage) - 1)
        var cells: [String] = []
        for (slot, serial) in (first...last).enumerated() {
            let payload = try codec.voucherPayload(program: program.code, serial: serial)
            let typed = try codec.voucherTypedCode(program: program.code, serial: serial)
            let qr: Symbol
            do {
                qr = try symbol(payload)
            } catch {
                throw .invalidIssuance(reason: "cannot encode the QR code of serial \(serial): \(error)")
            }
            cells.append(
                cell(column: slot % Self.columns, row: slot / Self.columns, serial: serial, typed: typed, qr: qr)
            )
        }
        return page(cells, number: number, of: pages)
    }

    private func check(_ serials: ClosedRange<Int64>) throws(LedgerError) {
        guard program.kind == .paper else {
            throw .invalidIssuance(reason: "program \(program.code) has no paper vouchers")
        }
        guard serials.lowerBound >= 1 else { throw .invalidIssuance(reason: "serials start at 1") }
        guard serials.count <= Self.maximumVouchers else {
            throw .invalidIssuance(reason: "print at most 100,000 vouchers at once")
        }
    }

    private static var cellWidth: Double { (pageWidth - 2 * margin) / Double(columns) }
    private static var cellHeight: Double { (pageHeight - 2 * margin) / Double(rows) }

    /// Cut marks in the margin at every cut line, and dashed guides along the cuts inside.
    private static func cutMarks() -> String {
        var marks: [String] = []
        let right = pageWidth - margin
        let bottom = pageHeight - margin
        for column in 0...columns {
            let x = margin + Double(column) * cellWidth
            marks.append("M\(x) \(margin - 8)V\(margin - 2)M\(x) \(bottom + 2)V\(bottom + 8)")
        }
        for row in 0...rows {
            let y = margin + Double(row) * cellHeight
            marks.append("M\(margin - 8) \(y)H\(margin - 2)M\(right + 2) \(y)H\(right + 8)")
        }
        var guides: [String] = []
        for column in 1..<columns {
            let x = margin + Double(column) * cellWidth
            guides.append("M\(x) \(margin)V\(bottom)")
        }
        for row in 1..<rows {
            let y = margin + Double(row) * cellHeight
            guides.append("M\(margin) \(y)H\(right)")
        }
        return """
            <path class="cut-marks" d="\(marks.joined())" stroke="#000" stroke-width="0.25" fill="none"/>
            <path class="cut-guides" d="\(guides.joined())M\(margin) \(margin)H\(right)V\(bottom)H\(margin)z" \
            stroke="#999" stroke-width="0.2" stroke-dasharray="1 1" fill="none"/>
            """
    }

    private func page(_ cells: [String], number: Int, of pages: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.pageWidth)mm" height="\(Self.pageHeight)mm" \
        viewBox="0 0 \(Self.pageWidth) \(Self.pageHeight)">
        <rect width="\(Self.pageWidth)" height="\(Self.pageHeight)" fill="#fff"/>
        \(Self.cutMarks())
        <text x="\(Self.pageWidth / 2)" y="\(Self.pageHeight - 4)" font-family="sans-serif" font-size="2.5" \
        text-anchor="middle">\(Self.escape(program.name)) (\(program.code)) · \(number) / \(pages)</text>
        \(cells.joined(separator: "\n"))
        </svg>

        """
    }

    private func cell(column: Int, row: Int, serial: Int64, typed: String, qr: Symbol) -> String {
        let cellWidth = Self.cellWidth
        let x = Self.margin + Double(column) * cellWidth
        let y = Self.margin + Double(row) * Self.cellHeight
        let quiet = 4
        let module = Self.symbolSide / Double(qr.size + 2 * quiet)
        let left = x + (cellWidth - Self.symbolSide) / 2
        let top = y + 2.5
        var path = ""
        for r in 0..<qr.size {
            var c = 0
            while c < qr.size {
                guard qr.modules[r * qr.size + c] else {
                    c += 1
                    continue
                }
                var run = 1
                while c + run < qr.size && qr.modules[r * qr.size + c + run] { run += 1 }
                path += "M\(c + quiet) \(r + quiet)h\(run)v1h-\(run)z"
                c += run
            }
        }
        let textX = x + cellWidth / 2
        let textY = top + Self.symbolSide + 3.5
        let from = timeZone.localDate(of: program.validFrom)
        let until = timeZone.localDate(of: program.validUntil.adding(seconds: -1))
        return """
            <g id="voucher-\(zeroPadded(serial, width: 8))">
            <path transform="translate(\(left) \(top)) scale(\(module))" fill="#000" d="\(path)"/>
            <text x="\(textX)" y="\(textY)" font-family="monospace" font-size="3.4" text-anchor="middle">\
            \(VoucherCodec.grouped(typed))</text>
            <text x="\(textX)" y="\(textY + 4)" font-family="sans-serif" font-size="3" text-anchor="middle">\
            \(Self.escape(program.name)) · \(program.faceValue)</text>
            <text x="\(textX)" y="\(textY + 8)" font-family="sans-serif" font-size="2.6" text-anchor="middle">\
            No. \(zeroPadded(serial, width: 8)) · \(Self.slashed(from))〜\(Self.slashed(until))</text>
            </g>
            """
    }

    /// A day as the manuals print it: 2026/07/01.
    static func slashed(_ day: LocalDate) -> String {
        "\(day.year)/\(zeroPadded(Int64(day.month), width: 2))/\(zeroPadded(Int64(day.day), width: 2))"
    }

    /// Escapes text for SVG character data.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
