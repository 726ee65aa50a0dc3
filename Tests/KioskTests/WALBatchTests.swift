import Foundation
import Testing

@testable import Kiosk

/// The SQLite ledger's WAL-batching VFS (`Sources/CSQLiteWAL`) holds a transaction's frames until
/// its commit frame. These tests hold it to SQLite's own promises with a second connection on the
/// same file, as a tool beside a running kioskd has.
@Suite(.enabled(if: TestLedgerBackend.isSQLite))
struct WALBatchTests {
    let paper = LedgerFixture.paper
    let t1 = LedgerFixture.terminal
    let staff = LedgerFixture.staff

    func path(_ fixture: LedgerFixture) throws -> String {
        guard case .file(let path) = fixture.place else { throw LedgerError.corrupt(reason: "not a SQLite fixture") }
        return path
    }

    @Test func everyCommitIsInTheFileWhenItReturns() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(2)
        let kiosk = f.ledger
        let beside = try SQLiteLedger.open(path: try path(f))
        // A commit that does not wait for the disk (as a bulk load makes) reaches the file before
        // SQLite publishes it: another connection reads it at once.
        for index in 1...3 {
            _ = try kiosk.withSQLite { db throws(LedgerError) in
                try db.transaction(durable: false) { () throws(LedgerError) in
                    try db.run("INSERT INTO merchants (code, name) VALUES (?, ?)", [.text("W\(index)"), .text("w")])
                }
            }
            let seen = try beside.withSQLite { db throws(LedgerError) in
                try db.first("SELECT count(*) FROM merchants WHERE code LIKE 'W_'") { $0.int(0) }
            }
            #expect(seen == Int64(index))
        }
        let session = try f.desk.open(program: paper, amount: 2000, terminal: t1, now: f.now)
        for code in codes { _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now) }
        // Holds are the kiosk connection's own: nothing of them reaches the file.
        #expect(try f.ledger.holdCount() == 2 && beside.holdCount() == 0)
        let payment = try f.desk.confirm(session.id, idempotencyKey: IdempotencyKey("wal-1")!, by: staff, now: f.now)
        #expect(try beside.payment(payment.id) == payment)
        #expect(try f.ledger.holdCount() == 0)
        #expect(try beside.balance(of: .voucher(program: paper, serial: 2)).voucherState == .spent)
    }

    @Test func twoConnectionsWritingInTurnAcrossCheckpointsKeepOneSoundFile() throws {
        let f = try LedgerFixture()
        let codes = try f.vouchers(40)
        let beside = try SQLiteLedger.open(path: try path(f))
        let besideDesk = RedemptionDesk(ledger: beside, codec: f.codec)
        var payments: [Payment] = []
        for (index, code) in codes.enumerated() {
            // Alternate connections, and restart the WAL now and then, so frames land both at its
            // end and from its start again.
            let desk = index.isMultiple(of: 2) ? f.desk : besideDesk
            let session = try desk.open(program: paper, amount: 1000, terminal: t1, now: f.now)
            _ = try desk.present(.scanned(code), to: session.id, by: .system, now: f.now)
            payments.append(
                try desk.confirm(session.id, idempotencyKey: IdempotencyKey("turn-\(index)")!, by: staff, now: f.now)
            )
            if index % 7 == 6 { try beside.checkpoint() }
        }
        let reopened = try f.reopen()
        #expect(try reopened.integrityCheck() == "ok")
        #expect(try reopened.verifyAudit(from: nil).ok)
        for payment in payments { #expect(try reopened.payment(payment.id) == payment) }
    }

    @Test func aTransactionLargerThanOneWriteIsWrittenWhole() throws {
        // 20,000 vouchers in one transaction are over a megabyte of frames: the batch is written
        // in pieces (SQLite's unix VFS writes under 128 KiB per call), and all of it arrives.
        let f = try LedgerFixture()
        let serials = try f.ledger.issueVouchers(program: paper, count: 20_000, by: LedgerFixture.office, now: f.now)
        let beside = try SQLiteLedger.open(path: try path(f))
        #expect(try beside.balance(of: .voucher(program: paper, serial: serials.upperBound)).voucherState == .unspent)
        let reopened = try f.reopen()
        #expect(try reopened.integrityCheck() == "ok")
        #expect(try reopened.balance(of: .voucher(program: paper, serial: serials.lowerBound)).voucherState == .unspent)
    }
}
