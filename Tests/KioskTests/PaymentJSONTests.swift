import Foundation
import Testing

@testable import Kiosk

/// The hand-written payment JSON is byte for byte what the ledger's JSONEncoder writes.
@Suite struct PaymentJSONTests {
    func payment(operatorName: String, refund: RefundID?, lines: [PaymentLine]) -> Payment {
        Payment(
            id: PaymentID(rawValue: 42),
            at: Timestamp(rawValue: 1_782_000_000_123_456),
            program: ProgramCode("KMT26")!,
            store: SiteCode("S-1")!,
            terminal: SiteCode("T_2")!,
            operatorName: operatorName,
            requested: 3000,
            amount: 2500,
            lines: lines,
            session: SessionID(rawValue: UInt64.max - 7),
            idempotencyKey: IdempotencyKey(#"pos/"7"\x"#)!,
            refund: refund
        )
    }

    @Test(arguments: [
        "clerk", "system", "uid:1000", "山田 太郎", "tab\there", "new\nline", "quote\"back\\slash/", "bell\u{07}\u{1F}\u{7F}",
        "emoji 🎫", "",
    ])
    func matchesTheEncoder(operatorName: String) throws {
        let lines = [
            PaymentLine(code: .voucher(program: ProgramCode("KMT26")!, serial: 7), amount: 1000, balanceAfter: 0),
            PaymentLine(code: .eTicket(program: ProgramCode("KMT26")!, id: 99), amount: 1500, balanceAfter: 3500),
        ]
        for refund in [nil, RefundID(rawValue: 5)] {
            for lineSet in [lines, [], Array(lines.prefix(1))] {
                let value = payment(operatorName: operatorName, refund: refund, lines: lineSet)
                #expect(value.jsonText == (try RelationalLedger.json(value)))
                let decoded = try JSONDecoder().decode(Payment.self, from: Data(value.jsonText.utf8))
                #expect(decoded == value)
            }
        }
    }
}
