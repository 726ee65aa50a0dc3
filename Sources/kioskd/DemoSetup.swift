import Decoder
import Foundation
import Kiosk

/// `kioskd demo-setup DIR`: a fresh demo kiosk in a directory, for the README's demo and for trying
/// kioskd without a camera or any other setup.
///
/// Writes a config, a program secrets file with new random secrets, and a ledger holding a paper
/// voucher program (1,000-yen vouchers, 1,000-yen units, at most 100,000 yen a payment, refunds
/// until the closing), an e-ticket program, one merchant, store and terminal, ten vouchers and
/// one e-ticket, and three accounts (office, manager, clerk) whose initial passwords are in
/// `accounts.txt`; lists the vouchers' QR payloads and typed codes in `vouchers.txt`, which the
/// config's synthetic camera shows on cards, one after another, and prints them on
/// `vouchers-N.svg` sheets. With a display address, the config turns the customer display on
/// there, with its touch buttons. With a PostgreSQL conninfo, the ledger is made in that shared database
/// (which must not hold the demo programs already) and the config points there.
enum DemoSetup {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let paperProgram = ProgramCode("KMTPREMIUM")
    static let ticketProgram = ProgramCode("KSZSTAR")

    static func run(directory: String, postgresql conninfo: String? = nil, displayAddress: String? = nil) throws {
        guard let paperCode = paperProgram, let ticketCode = ticketProgram,
            let merchant = SiteCode("M-0001"), let store = SiteCode("S-0001"), let terminal = SiteCode("T-0001")
        else { preconditionFailure("demo codes are valid by construction") }
        let fileManager = FileManager.default
        let ledgerPath = directory + "/ledger.sqlite"
        let location: LedgerSettings = conninfo.map { .postgresql(conninfo: $0, schema: nil) } ?? .sqlite(path: ledgerPath)
        guard !fileManager.fileExists(atPath: ledgerPath) && !fileManager.fileExists(atPath: directory + "/kioskd.conf") else {
            throw Failure(description: "\(directory) already holds a kiosk; demo-setup only makes a fresh demo kiosk")
        }
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)

        var generator = SystemRandomNumberGenerator()
        func secretHex() -> String { (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined() }
        let keysText = """
            # Program secrets of the demo kiosk: PROGRAM NUMBER HEX-SECRET. Keep this file private.
            \(paperCode) 1 \(secretHex())
            \(ticketCode) 2 \(secretHex())

            """
        let keysPath = directory + "/program-keys"
        try keysText.write(toFile: keysPath, atomically: true, encoding: .utf8)
        chmod(keysPath, 0o600)
        let keys = try ProgramKeysFile.parse(path: keysPath, text: keysText)
        let codec = VoucherCodec(keys: keys)

        let now = Timestamp.now()
        let zone = LedgerTimeZone.tokyo
        let today = zone.localDate(of: now)
        let calendar = SettlementCalendar.semimonthly(
            from: LocalDate(daysSinceEpoch: today.daysSinceEpoch - 31),
            through: LocalDate(daysSinceEpoch: today.daysSinceEpoch + 400),
            payoutDelay: 10
        )
        let ledger = try location.open(timeZone: zone, terminal: terminal)
        let admin = Principal.system
        try ledger.createProgram(
            Program(
                code: paperCode, number: 1, name: "いい街デモ プレミアム商品券", kind: .paper, unit: 1000, faceValue: 1000,
                maximumPerTransaction: 100_000, validFrom: now.adding(seconds: -86_400),
                validUntil: now.adding(seconds: 180 * 86_400), redemptionDeadline: now.adding(seconds: 190 * 86_400),
                refundRule: .untilClosing, calendar: calendar),
            by: admin, now: now)
        try ledger.createProgram(
            Program(
                code: ticketCode, number: 2, name: "デモ★スターチケット", kind: .eTicket, unit: 1, faceValue: 1,
                maximumPerTransaction: 100_000, validFrom: now.adding(seconds: -86_400),
                validUntil: now.adding(seconds: 180 * 86_400), redemptionDeadline: now.adding(seconds: 190 * 86_400),
                refundRule: .hoursAfterPayment(24), calendar: calendar),
            by: admin, now: now)
        try ledger.createMerchant(Merchant(code: merchant, name: "デモ商店"), by: admin, now: now)
        try ledger.createStore(Store(code: store, merchant: merchant, name: "デモ商店 本店"), by: admin, now: now)
        try ledger.createTerminal(Terminal(code: terminal, store: store, name: "counter kiosk"), by: admin, now: now)
        let serials = try ledger.issueVouchers(program: paperCode, count: 10, by: admin, now: now)
        let ticket = try ledger.issueETicket(
            program: ticketCode, balance: 5000, expiry: now.adding(seconds: 180 * 86_400), by: admin, now: now)

        // Accounts: one per role the demo uses, each with a random initial password to change at first login.
        let accounts = try AccountDesk(store: ledger)
        var accountList = "# The demo's accounts: NAME ROLE INITIAL-PASSWORD (change it at first login). Keep private.\n"
        for (name, role) in [("office", Role.programOffice), ("manager", .manager), ("clerk", .staff)] {
            let digits = (0..<6).map { _ in String(UInt8.random(in: 0...9, using: &generator)) }.joined()
            let initial = "Init-\(digits)Qk"
            try accounts.createAccount(name: name, role: role, initialPassword: initial, by: .system, now: now)
            accountList += "\(name) \(role.rawValue) \(initial)\n"
        }
        let accountsPath = directory + "/accounts.txt"
        try accountList.write(toFile: accountsPath, atomically: true, encoding: .utf8)
        chmod(accountsPath, 0o600)

        var list = "# The demo's vouchers: SERIAL QR-PAYLOAD TYPED-CODE\n"
        for serial in serials {
            let payload = try codec.voucherPayload(program: paperCode, serial: serial)
            let typed = try codec.voucherTypedCode(program: paperCode, serial: serial)
            list += "\(serial) \(payload) \(typed)\n"
        }
        list += "# The demo's e-ticket (its QR code rotates every 30 s): PROGRAM ID\n# \(ticketCode) \(ticket)\n"
        try list.write(toFile: directory + "/vouchers.txt", atomically: true, encoding: .utf8)

        // The printable sheet of the same vouchers (A4 pages of QR codes with their typed digits).
        let program = try ledger.program(paperCode)
        let pages = try VoucherSheetPrinter(program: program, codec: codec, timeZone: ledger.timeZone).pages(serials)
        for (index, page) in pages.enumerated() {
            try page.write(toFile: directory + "/vouchers-\(index + 1).svg", atomically: true, encoding: .utf8)
        }

        let config = """
            # kioskd configuration of the demo kiosk (made by `kioskd demo-setup`).
            [kiosk]
            terminal = \(terminal)
            time_zone = Asia/Tokyo

            [ledger]
            \(conninfo.map { "backend = postgresql\nconninfo = \($0)" } ?? "path = \(ledgerPath)")
            program_keys = \(keysPath)

            [camera]
            # No camera needed: cards with the demo's vouchers slide under a synthetic one.
            source = synthetic
            synthetic_codes = \(directory)/vouchers.txt
            width = 640
            height = 480
            fps = 30

            [sessions]
            # The demo kiosk is unattended: it confirms a session as soon as its codes cover the amount.
            confirm = automatic

            \(displayAddress.map { "[display]\n# The customer display: open http://\($0)/ in a browser (docs/display.md).\nlisten = \($0)\ncustomer_actions = yes\n" } ?? "")
            [export]
            directory = \(directory)/exports

            [socket]
            path = \(directory)/control.sock
            mode = 0600

            [log]
            level = info

            """
        try config.write(toFile: directory + "/kioskd.conf", atomically: true, encoding: .utf8)
    }
}
