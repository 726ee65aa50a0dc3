import Foundation
import Testing

/// Small things a clerk meets at the counter, through kioskctl.
@Suite(.serialized) struct OperatorCommandTests {
    @Test func aClerkListsProgramsAndTypesACodeWithoutTheTypedFlag() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("clerk")
        let programs = try kiosk.ctl("program", "list", as: "clerk")
        #expect(programs.status == 0 && programs.output.contains("KMTPREMIUM"), "\(programs)")
        #expect(try kiosk.ctl("program", "create", "X", as: "clerk").status != 0)
        let typed = try kiosk.vouchers()[0][2]
        let balance = try kiosk.ctl("balance", typed, as: "clerk")
        #expect(balance.status == 0 && balance.output.contains("1,000"), "\(balance)")
        kiosk.stop(signal: SIGTERM)
    }
}
