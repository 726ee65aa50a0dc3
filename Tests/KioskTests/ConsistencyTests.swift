import Testing

@testable import Kiosk

/// The ledger's self-check finds broken money invariants (what the torture run relies on).
@Suite struct ConsistencyTests {
    func busyLedger() throws -> LedgerFixture {
        let f = try LedgerFixture()
        let codes = try f.vouchers(3)
        let ticket = try f.ticket(balance: 2000)
        let first = try f.desk.open(
            program: LedgerFixture.paper,
            amount: 2000,
            terminal: LedgerFixture.terminal,
            now: f.now
        )
        for code in codes.prefix(2) { _ = try f.desk.present(.scanned(code), to: first.id, by: .system, now: f.now) }
        let paid = try f.desk.confirm(
            first.id,
            idempotencyKey: IdempotencyKey("c1")!,
            by: LedgerFixture.staff,
            now: f.now
        )
        let second = try f.desk.open(
            program: LedgerFixture.kids,
            amount: 500,
            terminal: LedgerFixture.terminal,
            now: f.now
        )
        _ = try f.desk.present(.scanned(try f.ticketCode(ticket)), to: second.id, by: .system, now: f.now)
        _ = try f.desk.confirm(second.id, idempotencyKey: IdempotencyKey("c2")!, by: LedgerFixture.staff, now: f.now)
        _ = try f.ledger.refund(
            RefundRequest(
                payment: paid.id,
                idempotencyKey: IdempotencyKey("r1")!,
                principal: LedgerFixture.office,
                now: f.now
            )
        )
        return f
    }

    /// Runs `sql` behind the ledger's back, its foreign keys (and on SQLite its checks) off.
    func tamper(_ f: LedgerFixture, _ sql: String) throws {
        try f.ledger.read { db throws(LedgerError) in
            switch db.dialect {
            case .sqlite:
                try db.execute(
                    "PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON; \(sql); PRAGMA ignore_check_constraints=OFF; PRAGMA foreign_keys=ON;"
                )
            case .postgresql:
                // Foreign keys are triggers, off for a replica; no tampering here breaks a CHECK.
                try db.execute("SET session_replication_role = replica; \(sql); SET session_replication_role = origin;")
            }
        }
    }

    @Test func aConsistentLedgerAddsUp() throws {
        let f = try busyLedger()
        let report = try f.ledger.consistency()
        #expect(report.ok, "\(report.violations)")
        #expect(report.payments == 2 && report.refunds == 1)
        #expect(report.paid == 2500 && report.refunded == 2000 && report.valueSpent == 500)
    }

    @Test(arguments: [
        ("UPDATE etickets SET balance = balance + 100", "differ from the value spent"),
        (
            "UPDATE vouchers SET state = 'spent', payment = 2 WHERE serial = 3",
            "spent vouchers without a live payment line"
        ),
        ("UPDATE payments SET amount = 400 WHERE id = 2", "differs from the sum of their lines"),
        ("UPDATE refunds SET amount = 1000", "refunds whose amount differs"),
        (
            "INSERT INTO payment_lines VALUES (2, 1, 'voucher', 'KOMATSU26', 99, 1000, 0)",
            "payment lines naming no voucher or e-ticket"
        ),
    ])
    func tamperingIsNamed(sql: String, violation: String) throws {
        let f = try busyLedger()
        try tamper(f, sql)
        let report = try f.ledger.consistency()
        #expect(!report.ok)
        #expect(report.violations.contains { $0.contains(violation) }, "\(report.violations)")
    }

    /// A live payment's voucher put back, or shown spent by another payment, is named from the
    /// line's side (the check joins each line to its voucher by the voucher's key).
    @Test(arguments: [
        "UPDATE vouchers SET state = 'unspent', payment = NULL WHERE serial = 4",
        "UPDATE vouchers SET payment = 2 WHERE serial = 4",
    ])
    func aLiveLineWhoseVoucherThatPaymentDidNotSpendIsNamed(sql: String) throws {
        let f = try busyLedger()
        _ = try f.payOneVoucher(idempotencyKey: "c3")
        #expect(try f.ledger.consistency().ok)
        try tamper(f, sql)
        let report = try f.ledger.consistency()
        #expect(report.violations.contains { $0.hasPrefix("1 live payment lines whose voucher is not spent by that payment") }, "\(report.violations)")
    }

    @Test func aVoucherInTwoLivePaymentsIsADoubleSpend() throws {
        let f = try busyLedger()
        let codes = try f.vouchers(1)
        let session = try f.desk.open(
            program: LedgerFixture.paper,
            amount: 1000,
            terminal: LedgerFixture.terminal,
            now: f.now
        )
        _ = try f.desk.present(.scanned(codes[0]), to: session.id, by: .system, now: f.now)
        let payment = try f.desk.confirm(
            session.id,
            idempotencyKey: IdempotencyKey("c3")!,
            by: LedgerFixture.staff,
            now: f.now
        )
        try f.ledger.read { db throws(LedgerError) in
            try db.execute("UPDATE payment_lines SET number = 1 WHERE payment = \(payment.id.rawValue)")
            try db.execute("DELETE FROM refunds")
        }
        let report = try f.ledger.consistency()
        #expect(report.violations.contains { $0.contains("more than one live payment") }, "\(report.violations)")
    }

    @Test func syntheticPaymentsAreConsistentAndFindable() throws {
        let f = try LedgerFixture()
        let day = LocalDate(year: 2026, month: 7, day: 2)!
        try f.ledger.loadSyntheticPayments(
            count: 48,
            program: LedgerFixture.paper,
            terminal: LedgerFixture.terminal,
            period: f.tokyo.instants(of: day),
            by: LedgerFixture.staff
        )
        let report = try f.ledger.consistency()
        #expect(report.ok, "\(report.violations)")
        #expect(report.payments == 48 && report.paid == 48_000)
        #expect(try f.ledger.findPayments(PaymentQuery(date: day, limit: 1000)).count == 48)
        #expect(try f.ledger.verifyAudit(from: nil).ok)
    }
}
