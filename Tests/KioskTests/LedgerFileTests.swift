import Foundation
import Testing

@testable import Kiosk

/// A ledger file that is damaged or that kioskd cannot write is refused at open, clearly, before
/// any login or payment meets it.
@Suite struct LedgerFileTests {
    func scratch() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("ledger.sqlite").path
    }

    @Test func aDamagedFileIsRefusedAtOpen() throws {
        let path = try scratch()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        do {
            let ledger = try SQLiteLedger.open(path: path)
            try ledger.createProgram(LedgerFixture.paperProgram(.tokyo), by: LedgerFixture.office, now: .now())
            _ = try ledger.issueVouchers(program: LedgerFixture.paper, count: 2_000, by: LedgerFixture.office, now: .now())
            try ledger.checkpoint()
        }
        // Garbage over pages in the middle of the file, as a failing disk or a bad copy leaves it.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        do {
            _ = try SQLiteLedger.open(path: path)
            Issue.record("a damaged ledger opened")
        } catch .damaged(let damagedPath, let check) {
            #expect(damagedPath == path && !check.isEmpty && check != "ok")
            #expect(LedgerError.damaged(path: path, check: check).message.contains("takes no payment"))
        } catch {
            Issue.record("expected ledger_damaged, got \(error)")
        }
    }

    @Test func aFileThatCannotBeWrittenIsRefusedAtOpen() throws {
        let path = try scratch()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        _ = try SQLiteLedger.open(path: path)
        // A connection that may only read stands for a file kioskd's user cannot write (root, who
        // runs the tests, writes any file whatever its mode).
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA query_only=1")
        do {
            try SQLiteLedger.probeWrite(db, path: path)
            Issue.record("the write probe passed on a read-only connection")
        } catch .notWritable(let notWritablePath, let reason) {
            #expect(notWritablePath == path && reason.contains("readonly"), "\(reason)")
        } catch {
            Issue.record("expected ledger_not_writable, got \(error)")
        }
        // The probe leaves a writable file as it was.
        let before = try db.first("PRAGMA user_version") { $0.int(0) }
        try db.execute("PRAGMA query_only=0")
        try SQLiteLedger.probeWrite(db, path: path)
        #expect(try db.first("PRAGMA user_version") { $0.int(0) } == before)
    }

    @Test func errorsPrintAsTheOperatorsMessage() {
        let error = LedgerError.notWritable(path: "/var/lib/kioskd/ledger.sqlite", reason: "read-only")
        #expect("\(error)" == error.message + " [ledger_not_writable]")
    }
}
