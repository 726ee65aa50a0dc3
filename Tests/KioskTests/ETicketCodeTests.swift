import CodeCrypto
import Testing

@testable import Kiosk

/// The e-ticket's rotating code from its ticket key alone equals what the kiosk makes and reads,
/// and docs/voucher-codes.md's worked example (figures computed with Python's `hmac` module).
@Suite struct ETicketCodeTests {
    static let secret = [UInt8](0..<32)

    @Test func theWorkedExampleOfTheDocs() throws {
        let program = try #require(ProgramCode("KOMATSU27"))
        let codec = VoucherCodec(keys: [try #require(ProgramKey(program: program, number: 27, secret: Self.secret))])
        let keyText = try codec.eTicketKeyText(program: program, id: 1)
        #expect(keyText == "027-MN5GJH6RS47UTZCPNCEUKFWXPWJOWWQVVP3XUKW2HDGQMS6VTGTA")
        let key = try #require(ETicketKey(keyText))
        #expect(Hex.encode(key.bytes) == "637a649fd1973f49e44f68894516d77d92eb5a15abf77a2ada38cd064bd599a6")
        let code = ETicketCode(program: "KOMATSU27", programNumber: key.programNumber, ticket: 1, key: key.bytes)
        let step = ETicketCode.step(ofUnixSeconds: 1_800_000_000)
        #expect(step == 60_000_000)
        #expect(code.payload(step: step) == "KQ1E:KOMATSU27:00000001:60000000:VGXJ3I37ZQWNMRMM")
        #expect(code.typedCode(step: step) == "2027000000016101126")
        // The kiosk makes the same codes and reads them back as ticket 1.
        let now = Timestamp(rawValue: 1_800_000_000 * 1_000_000)
        #expect(try codec.eTicketPayload(program: program, id: 1, at: now) == code.payload(step: step))
        #expect(try codec.read(scanned: code.payload(step: step), now: now) == .eTicket(program: program, id: 1))
        #expect(try codec.read(typed: code.typedCode(step: step), now: now) == .eTicket(program: program, id: 1))
    }

    @Test func aMalformedKeyIsRefused() {
        for bad in ["27-MN5G", "027MN5GJH6RS47UTZCPNCEUKFWXPWJOWWQVVP3XUKW2HDGQMS6VTGTA", "000-MN5GJH6RS47UTZCPNCEUKFWXPWJOWWQVVP3XUKW2HDGQMS6VTGTA",
            "027-mn5gjh6rs47utzcpnceukfwxpwjowwqvvp3xukw2hdgqms6vtgta", "027-MN5GJH6RS47UTZCPNCEUKFWXPWJOWWQVVP3XUKW2HDGQMS6VTG"]
        {
            #expect(ETicketKey(bad) == nil, "\(bad)")
        }
    }
}
