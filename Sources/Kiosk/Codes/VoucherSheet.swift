/// A printable SVG sheet of paper vouchers: each voucher's QR code with its typed fallback digits,
/// serial, program and face value under it; A4 portrait, 3 × 5 vouchers a page.
///
/// The QR symbols come from a renderer passed in (the QR encoder in module `Decoder`), so this type
/// lays out pages and knows nothing of QR encoding.
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
    public static let rows = 5
    /// Page width in millimetres (A4).
    static let pageWidth = 210.0
    /// Page height in millimetres (A4).
    static let pageHeight = 297.0
    /// Side of a QR symbol including its 4-module quiet zone, in millimetres.
    static let symbolSide = 34.0

    /// The program whose vouchers are printed.
    public let program: Program
    /// The codec that makes payloads and typed codes.
    public let codec: VoucherCodec

    /// A sheet maker for one program.
    public init(program: Program, codec: VoucherCodec) {
        self.program = program
        self.codec = codec
    }

    /// Renders one SVG document per page for the serials.
    ///
    /// - Parameters:
    ///   - serials: The vouchers to print (at most 100,000).
    ///   - symbol: Encodes a payload as a QR symbol.
    /// - Returns: The pages, each a complete SVG document.
    /// - Throws: ``LedgerError/invalidIssuance(reason:)`` for a paper-less program, a bad range or a
    ///   payload that cannot be encoded; ``LedgerError/noKeyForProgram(_:)``.
    public func pages(serials: ClosedRange<Int64>, symbol: (String) throws -> Symbol) throws(LedgerError) -> [String] {
        guard program.kind == .paper else {
            throw .invalidIssuance(reason: "program \(program.code) has no paper vouchers")
        }
        guard serials.count <= 100_000 else { throw .invalidIssuance(reason: "print at most 100,000 vouchers at once") }
        let perPage = Self.columns * Self.rows
        var pages: [String] = []
        var cells: [String] = []
        for (index, serial) in serials.enumerated() {
            let payload = try codec.voucherPayload(program: program.code, serial: serial)
            let typed = try codec.voucherTypedCode(program: program.code, serial: serial)
            let qr: Symbol
            do {
                qr = try symbol(payload)
            } catch {
                throw .invalidIssuance(reason: "cannot encode the QR code of serial \(serial): \(error)")
            }
            let slot = index % perPage
            cells.append(
                cell(column: slot % Self.columns, row: slot / Self.columns, serial: serial, typed: typed, qr: qr)
            )
            if cells.count == perPage {
                pages.append(page(cells))
                cells.removeAll()
            }
        }
        if !cells.isEmpty { pages.append(page(cells)) }
        return pages
    }

    private func page(_ cells: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.pageWidth)mm" height="\(Self.pageHeight)mm" \
        viewBox="0 0 \(Self.pageWidth) \(Self.pageHeight)">
        <rect width="\(Self.pageWidth)" height="\(Self.pageHeight)" fill="#fff"/>
        \(cells.joined(separator: "\n"))
        </svg>

        """
    }

    private func cell(column: Int, row: Int, serial: Int64, typed: String, qr: Symbol) -> String {
        let cellWidth = Self.pageWidth / Double(Self.columns)
        let cellHeight = Self.pageHeight / Double(Self.rows)
        let x = Double(column) * cellWidth
        let y = Double(row) * cellHeight
        let quiet = 4
        let module = Self.symbolSide / Double(qr.size + 2 * quiet)
        let left = x + (cellWidth - Self.symbolSide) / 2
        let top = y + 4
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
        let textY = top + Self.symbolSide + 4
        return """
            <g id="voucher-\(zeroPadded(serial, width: 8))">
            <rect x="\(x + 1)" y="\(y + 1)" width="\(cellWidth - 2)" height="\(cellHeight - 2)" fill="none" stroke="#999" \
            stroke-width="0.2" stroke-dasharray="1 1"/>
            <path transform="translate(\(left) \(top)) scale(\(module))" fill="#000" d="\(path)"/>
            <text x="\(textX)" y="\(textY)" font-family="monospace" font-size="3.6" text-anchor="middle">\
            \(VoucherCodec.grouped(typed))</text>
            <text x="\(textX)" y="\(textY + 4.5)" font-family="sans-serif" font-size="3" text-anchor="middle">\
            \(Self.escape(program.name)) · \(program.faceValue) · No. \(zeroPadded(serial, width: 8))</text>
            </g>
            """
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
