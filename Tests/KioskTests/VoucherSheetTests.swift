import CodeCrypto
import Foundation
import Testing

@testable import Kiosk

/// The SVG sheet's layout: pages, cells, typed digits, module paths and escaping.
@Suite struct VoucherSheetTests {
    /// A stand-in symbol made from the payload's hash: the layout does not care what the modules mean.
    func hashSymbol(_ payload: String) -> VoucherSheet.Symbol {
        let bits = SHA256Digest.hash(Array(payload.utf8))
        var modules: [Bool] = []
        for index in 0..<(21 * 21) {
            let byte: UInt8 = bits[(index / 8) % 32]
            modules.append((byte >> UInt8(index % 8)) & 1 == 1)
        }
        return VoucherSheet.Symbol(size: 21, modules: modules)!
    }

    @Test func sixteenVouchersMakeTwoPagesWithEveryTypedCode() throws {
        let f = try LedgerFixture()
        var program = LedgerFixture.paperProgram(.tokyo)
        program.name = "A&B <商品券>"
        let sheet = VoucherSheet(program: program, codec: f.codec, timeZone: .tokyo)
        let pages = try sheet.pages(serials: 1...16) { hashSymbol($0) }
        #expect(pages.count == 2)
        #expect(pages[0].components(separatedBy: "<g id=\"voucher-").count - 1 == 15)
        #expect(pages[1].components(separatedBy: "<g id=\"voucher-").count - 1 == 1)
        for serial in Int64(1)...16 {
            let typed = VoucherCodec.grouped(try f.codec.voucherTypedCode(program: program.code, serial: serial))
            #expect(pages.joined().contains(typed))
        }
        #expect(pages[0].contains("A&amp;B &lt;商品券&gt;") && !pages[0].contains("<商品券>"))
        #expect(pages[0].hasPrefix("<?xml") && pages[0].hasSuffix("</svg>\n"))
    }

    @Test func thePathDrawsExactlyTheDarkModules() throws {
        let f = try LedgerFixture()
        let sheet = VoucherSheet(program: LedgerFixture.paperProgram(.tokyo), codec: f.codec, timeZone: .tokyo)
        let payload = try f.codec.voucherPayload(program: LedgerFixture.paper, serial: 1)
        let symbol = hashSymbol(payload)
        let page = try sheet.pages(serials: 1...1) { _ in symbol }[0]
        let group = try #require(page.components(separatedBy: "<g id=\"voucher-").dropFirst().first)
        let d = try #require(group.components(separatedBy: " d=\"").dropFirst().first?.split(separator: "\"").first)
        var drawn = [Bool](repeating: false, count: 21 * 21)
        for command in d.split(separator: "M").filter({ !$0.isEmpty }) {
            let numbers = command.split(whereSeparator: { "hvz ".contains($0) })
            let column = Int(numbers[0])! - 4
            let row = Int(numbers[1])! - 4
            let run = Int(numbers[2])!
            for offset in 0..<run { drawn[row * 21 + column + offset] = true }
        }
        #expect(drawn == symbol.modules)
    }

    @Test func aPageHasCutMarksValidityAndItsNumber() throws {
        let f = try LedgerFixture()
        let program = LedgerFixture.paperProgram(.tokyo)
        let sheet = VoucherSheet(program: program, codec: f.codec, timeZone: .tokyo)
        let second = try sheet.page(2, of: 1...20) { hashSymbol($0) }
        #expect(second.components(separatedBy: "<g id=\"voucher-").count - 1 == 5)
        #expect(second.contains("<g id=\"voucher-00000016\">") && second.contains("· 2 / 2</text>"))
        #expect(second.contains("class=\"cut-marks\"") && second.contains("class=\"cut-guides\""))
        let from = VoucherSheet.slashed(LedgerTimeZone.tokyo.localDate(of: program.validFrom))
        #expect(second.contains("No. 00000016 · \(from)〜"))
        #expect(throws: LedgerError.self) { try sheet.page(3, of: 1...20) { hashSymbol($0) } }
        #expect(VoucherSheet.pageCount(of: 1...15) == 1 && VoucherSheet.pageCount(of: 1...16) == 2)
    }

    @Test func aSheetReceiptReadsBackAndRefusesNonsense() {
        let receipt = SheetReceipt("KOMATSU27:11-25")
        #expect(receipt?.description == "KOMATSU27:11-25" && receipt?.pages == 1)
        for bad in ["KOMATSU27:25-11", "KOMATSU27:0-5", "komatsu:1-5", "KOMATSU27:1-", "KOMATSU27", "K:1-999999999", "K:+1-5"] {
            #expect(SheetReceipt(bad) == nil, "\(bad)")
        }
    }

    @Test func refusesETicketProgramsAndEncoderFailures() throws {
        let f = try LedgerFixture()
        struct TooLong: Error {}
        let paper = VoucherSheet(program: LedgerFixture.paperProgram(.tokyo), codec: f.codec, timeZone: .tokyo)
        #expect(throws: LedgerError.self) { try paper.pages(serials: 1...1) { _ in throw TooLong() } }
        let kids = VoucherSheet(program: LedgerFixture.kidsProgram(.tokyo), codec: f.codec, timeZone: .tokyo)
        #expect(throws: LedgerError.invalidIssuance(reason: "program KIDS25 has no paper vouchers")) {
            try kids.pages(serials: 1...1) { hashSymbol($0) }
        }
        #expect(VoucherSheet.Symbol(size: 21, modules: []) == nil)
    }
}
