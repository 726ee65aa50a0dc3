import Foundation
import Glibc
import Synchronization
import Testing

@testable import Kiosk

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let value: Mutex<Timestamp>
    init(_ start: Timestamp) { value = Mutex(start) }
    func now() -> Timestamp { value.withLock { $0 } }
    func set(_ instant: Timestamp) { value.withLock { $0 = instant } }
}

/// The settlement data file (002 8-4) and the export jobs that make it.
@Suite struct ExportTests {
    let july = LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-31")!)

    /// A ledger with payments at three stores (one of a merchant whose name needs quoting), a refund
    /// made at the kiosk and one made by the program office.
    func ledger() throws -> (ReportFixture, [String: ReportFixture.Made]) {
        let f = try ReportFixture(vouchers: 20)
        try f.ledger.createMerchant(
            Merchant(code: SiteCode("M3")!, name: "丸八 \"本店\", 小松"),
            by: LedgerFixture.office,
            now: f.base.now
        )
        try f.ledger.createStore(
            Store(code: SiteCode("S3")!, merchant: SiteCode("M3")!, name: "丸八"),
            by: LedgerFixture.office,
            now: f.base.now
        )
        try f.ledger.createTerminal(
            Terminal(code: SiteCode("T4")!, store: SiteCode("S3")!, name: "レジ"),
            by: LedgerFixture.office,
            now: f.base.now
        )
        var made: [String: ReportFixture.Made] = [:]
        made["paper"] = try f.payPaper(
            vouchers: 2,
            terminal: ReportFixture.t1,
            at: f.july(2, seconds: 9 * 3600 + 5 * 60 + 7)
        )
        made["ticket"] = try f.payTicket(1234, terminal: ReportFixture.t3, at: f.july(2, seconds: 15 * 3600))
        made["quoted"] = try f.payPaper(vouchers: 1, terminal: SiteCode("T4")!, at: f.july(3))
        made["late"] = try f.payPaper(vouchers: 1, terminal: ReportFixture.t1, at: f.july(4))
        try f.refund(made["ticket"]!.id, at: f.july(2, seconds: 16 * 3600), by: LedgerFixture.staff)  // at the kiosk
        try f.refund(made["paper"]!.id, at: f.july(20), by: LedgerFixture.office)  // past the window, by the city
        return (f, made)
    }

    func jobs(
        _ f: ReportFixture,
        clock: TestClock,
        queue: DispatchQueue = DispatchQueue(label: "test.export")
    ) throws -> ExportJobs {
        try ExportJobs(
            ledger: f.ledger,
            directory: f.base.directory.appendingPathComponent("exports").path,
            keepSeconds: 3600,
            clock: { clock.now() },
            queue: queue
        )
    }

    func export(_ jobs: ExportJobs, _ request: ExportRequest) throws -> (ExportFile, [UInt8]) {
        let receipt = try jobs.request(request)
        jobs.wait(receipt)
        let file = try jobs.fetch(receipt)
        return (file, Array(try Data(contentsOf: URL(fileURLWithPath: file.path))))
    }

    /// Decodes bytes with glibc's iconv, as a reader of the file would.
    func decode(_ bytes: [UInt8], from encoding: String) throws -> [UInt8] {
        let cd = iconv_open("UTF-8", encoding)!
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 3 + 16)
        var inLeft = input.count
        var outLeft = output.count
        let result = input.withUnsafeMutableBytes { inBuffer in
            output.withUnsafeMutableBytes { outBuffer in
                var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                return iconv(cd, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        try #require(result != -1, "iconv could not read the file back")
        return Array(output[0..<(output.count - outLeft)])
    }

    @Test func csvHasThe002LayoutAndParsesStrictly() throws {
        let (f, made) = try ledger()
        let clock = TestClock(f.july(25))
        let (file, bytes) = try export(
            try jobs(f, clock: clock),
            ExportRequest(days: july, encoding: .utf8, requestedBy: "山田")
        )
        let records = try CSVReader.parse(bytes)
        #expect(records.count == 7)  // header, four payments, two refunds
        #expect(records[0] == SettlementCSV.columns && records[0].count == 28)
        #expect(
            Array(records[0][0..<16]) == [
                "加盟店コード", "加盟店名称", "決済日時", "伝票番号", "決済金額", "OEMコード", "OEM名称", "データ種別",
                "リファンド回数", "立て直し回数", "データフォーマット", "処理・決済日時", "処理・伝票番号", "担当者名", "備考", "元・伝票番号",
            ]
        )
        let rows = Array(records.dropFirst())
        // In time order: paper 09:05:07, ticket 15:00, its refund 16:00 (July 2), quoted (3), late (4), paper's refund (20).
        #expect(
            rows.map { $0[3] } == [
                made["paper"]!.id.description, made["ticket"]!.id.description, "R000000000001",
                made["quoted"]!.id.description, made["late"]!.id.description, "R000000000002",
            ]
        )
        #expect(
            rows[0] == [
                "M1", "こまつ商店", "2026/07/02 09:05:07", made["paper"]!.id.description, "2000", "KOMATSU26", "いい街こまつプレミアム",
                "ND", "0", "0", "ND", "", "", "", "", "",
            ] + Array(repeating: "", count: 12)
        )
        #expect(
            rows[2] == [
                "M2", "安宅屋", "2026/07/02 16:00:00", "R000000000001", "1234", "KIDS25", "かしわ★ざ★キッズ!スターチケット",
                "RF", "1", "0", "RF", "2026/07/02 16:00:00", "R000000000001", "", "かしわ★ざ★キッズ!スターチケット:yamada",
                made["ticket"]!.id.description,
            ] + Array(repeating: "", count: 12)
        )
        #expect(
            rows[5][13] == "city" && rows[5][14] == "" && rows[5][4] == "2000"
                && rows[5][15] == made["paper"]!.id.description
        )
        #expect(rows[3][1] == "丸八 \"本店\", 小松")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"丸八 \"\"本店\"\", 小松\""))
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        // ND less RF equals the sales summary's net for the month.
        let net = rows.reduce(Int64(0)) { $0 + ($1[7] == "ND" ? 1 : -1) * Int64($1[4])! }
        #expect(Yen(net) == (try f.ledger.salesSummary(SalesQuery(days: july), now: f.july(25))).total.net)
        #expect(file.status.rows == 6 && file.status.bytes == bytes.count && file.status.percent == 100)
        #expect(file.suggestedName.hasPrefix("settlement-2026-07-01-2026-07-31-"))
        // A store filter keeps that store's payments and their refunds.
        let (_, s2) = try export(
            try jobs(f, clock: clock),
            ExportRequest(days: july, store: ReportFixture.s2, encoding: .utf8, requestedBy: "")
        )
        #expect(try CSVReader.parse(s2).dropFirst().map { $0[3] } == [made["ticket"]!.id.description, "R000000000001"])
    }

    @Test func shiftJISRoundTripsThroughIconv() throws {
        let (f, _) = try ledger()
        let clock = TestClock(f.july(25))
        let exports = try jobs(f, clock: clock)
        let (_, utf8) = try export(exports, ExportRequest(days: july, encoding: .utf8, requestedBy: "山田"))
        let (_, sjis) = try export(exports, ExportRequest(days: july, encoding: .shiftJIS, requestedBy: "山田"))
        #expect(sjis != utf8 && sjis.count < utf8.count)
        #expect(try CSVReader.parse(try decode(sjis, from: "SHIFT_JIS")) == CSVReader.parse(utf8))
        // "加" is 0x89C1 in Shift_JIS.
        #expect(sjis.starts(with: [0x89, 0xC1]))
        let (_, cp932) = try export(exports, ExportRequest(days: july, encoding: .windows31J, requestedBy: ""))
        #expect(try CSVReader.parse(try decode(cp932, from: "CP932")) == CSVReader.parse(utf8))
    }

    @Test func aCharacterShiftJISCannotHoldIsReportedNotDropped() throws {
        let (f, _) = try ledger()
        try f.ledger.createMerchant(
            Merchant(code: SiteCode("M4")!, name: "㈱こまつ①"),
            by: LedgerFixture.office,
            now: f.base.now
        )
        try f.ledger.createStore(
            Store(code: SiteCode("S4")!, merchant: SiteCode("M4")!, name: "店"),
            by: LedgerFixture.office,
            now: f.base.now
        )
        try f.ledger.createTerminal(
            Terminal(code: SiteCode("T5")!, store: SiteCode("S4")!, name: "端末"),
            by: LedgerFixture.office,
            now: f.base.now
        )
        // Line 7 of the file: the header, 3 rows on July 2, 1 each on July 3 and 4, then this one.
        try f.payPaper(vouchers: 1, terminal: SiteCode("T5")!, at: f.july(5))
        let clock = TestClock(f.july(25))
        let exports = try jobs(f, clock: clock)
        let receipt = try exports.request(ExportRequest(days: july, encoding: .shiftJIS, requestedBy: ""))
        exports.wait(receipt)
        let expected = LedgerError.unencodableCharacter(
            row: 7,
            column: "2 加盟店名称",
            character: "\"㈱\" (U+3231)",
            encoding: "Shift_JIS"
        )
        #expect(try exports.status(receipt).state == .failed(expected))
        #expect(throws: expected) { try exports.fetch(receipt) }
        #expect(expected.message.contains("Row 7, column 2 加盟店名称 holds \"㈱\" (U+3231), which Shift_JIS cannot hold"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: f.base.directory.appendingPathComponent("exports").path)
                .isEmpty
        )
        // Windows-31J holds both; UTF-8 holds everything.
        let (_, cp932) = try export(exports, ExportRequest(days: july, encoding: .windows31J, requestedBy: ""))
        #expect(try CSVReader.parse(try decode(cp932, from: "CP932"))[6][1] == "㈱こまつ①")
        // "\" reads back as "¥" from Shift_JIS, so it is refused too.
        let writer = try SettlementCSVWriter(encoding: .shiftJIS, timeZone: .tokyo)
        var output: [UInt8] = []
        try writer.writeHeader(to: &output)
        var record = SettlementRecord(
            kind: .refund,
            slip: "R000000000009",
            at: f.july(1),
            amount: 1000,
            merchant: SiteCode("M1")!,
            merchantName: "こまつ商店",
            store: ReportFixture.s1,
            program: LedgerFixture.paper,
            programName: "いい街",
            originalSlip: "P000000000001",
            operatorName: "a\\b",
            role: .staff
        )
        let before = output
        #expect(
            throws: LedgerError.unencodableCharacter(
                row: 2,
                column: "15 備考",
                character: "\"\\\" (U+005C)",
                encoding: "Shift_JIS"
            )
        ) {
            try writer.write(record, to: &output)
        }
        #expect(output == before)
        record.operatorName = "ab"
        try writer.write(record, to: &output)
        #expect(writer.lines == 2)
    }

    @Test func jobsAnswerAtOnceShowProgressAndExpire() throws {
        let (f, _) = try ledger()
        let clock = TestClock(f.july(25))
        let queue = DispatchQueue(label: "test.export.suspended")
        queue.suspend()
        let directory = f.base.directory.appendingPathComponent("exports").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: directory + "/export-1.part", contents: Data("old".utf8)))
        let exports = try jobs(f, clock: clock, queue: queue)
        #expect(!FileManager.default.fileExists(atPath: directory + "/export-1.part"))  // left by a previous run
        let receipt = try exports.request(ExportRequest(days: july, encoding: .utf8, requestedBy: "山田"))
        let queued = try exports.status(receipt)
        #expect(queued.state == .queued && queued.percent == 0 && queued.requestedAt == f.july(25))
        #expect(throws: LedgerError.exportNotReady(receipt, percent: 0)) { try exports.fetch(receipt) }
        #expect(exports.list().map(\.receipt) == [receipt])
        queue.resume()
        exports.wait(receipt)
        let done = try exports.status(receipt)
        #expect(done.state == .finished && done.daysDone == 31 && done.rows == 6)
        #expect(done.finishedAt == f.july(25) && done.expiresAt == f.july(25).adding(seconds: 3600))
        let file = try exports.fetch(receipt)
        clock.set(f.july(25).adding(seconds: 3599))
        #expect(try exports.fetch(receipt).path == file.path)
        clock.set(f.july(25).adding(seconds: 3600))
        #expect(throws: LedgerError.unknownExport(receipt)) { try exports.fetch(receipt) }
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(exports.list().isEmpty)
        #expect(throws: LedgerError.unknownExport(ExportReceipt("0000-0000-0001")!)) {
            try exports.status(ExportReceipt("0000-0000-0001")!)
        }
    }

    @Test func badRequestsAreRefusedAtOnce() throws {
        let (f, _) = try ledger()
        let exports = try jobs(f, clock: TestClock(f.july(25)))
        let year = LocalDateRange(first: LocalDate("2026-01-01")!, last: LocalDate("2027-01-01")!)
        #expect(
            throws: LedgerError.reportRangeTooLong(
                report: "An export",
                maximum: "366 days",
                requested: "2026-01-01 to 2027-01-02 (367 days)"
            )
        ) {
            try exports.request(
                ExportRequest(
                    days: LocalDateRange(first: year.first, last: year.last.adding(days: 1)),
                    encoding: .utf8,
                    requestedBy: ""
                )
            )
        }
        _ = try exports.request(ExportRequest(days: year, encoding: .utf8, requestedBy: ""))
        #expect(throws: LedgerError.unknownSite(kind: "store", code: SiteCode("S9")!)) {
            try exports.request(ExportRequest(days: july, store: SiteCode("S9")!, encoding: .utf8, requestedBy: ""))
        }
        #expect(throws: LedgerError.invalidText(field: "requester", reason: "must not contain control characters")) {
            try exports.request(ExportRequest(days: july, encoding: .utf8, requestedBy: "a\nb"))
        }
        #expect(ExportReceipt("1234-5678-9012")?.description == "1234-5678-9012")
        #expect(ExportReceipt("1234-5678-901") == nil && ExportReceipt(rawValue: 1_000_000_000_000) == nil)
    }
}

/// Finished exports outlive a restart of the job manager; nothing else a previous run left does.
@Suite struct ExportRestartTests {
    @Test func finishedExportsSurviveARestartUntilTheyExpire() throws {
        let f = try ReportFixture(vouchers: 4)
        try f.payPaper(vouchers: 2, terminal: ReportFixture.t1, at: f.july(2))
        let clock = TestClock(f.july(3))
        let directory = f.base.directory.appendingPathComponent("exports").path
        let days = LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-03")!)
        func manager() throws -> ExportJobs {
            try ExportJobs(ledger: f.ledger, directory: directory, keepSeconds: 600, clock: { clock.now() })
        }
        let first = try manager()
        let receipt = try first.request(ExportRequest(days: days, encoding: .shiftJIS, requestedBy: "山田"))
        first.wait(receipt)
        let before = try first.fetch(receipt)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: before.path))
        #expect(FileManager.default.createFile(atPath: directory + "/export-7.part", contents: Data("x".utf8)))
        #expect(FileManager.default.createFile(atPath: directory + "/export-8.csv", contents: Data("x".utf8)))
        clock.set(f.july(3).adding(seconds: 300))
        let second = try manager()
        let after = try second.fetch(receipt)
        #expect(after.status == before.status && after.path == before.path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: after.path)) == bytes)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
                "export-\(receipt.rawValue).csv", "export-\(receipt.rawValue).json",
            ]
        )
        clock.set(f.july(3).adding(seconds: 600))
        let third = try manager()
        #expect(throws: LedgerError.unknownExport(receipt)) { try third.fetch(receipt) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
