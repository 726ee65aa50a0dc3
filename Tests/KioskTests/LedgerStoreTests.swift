import Foundation
import Testing

@testable import Kiosk

/// The store itself: settings, migrations, constraints, sites and issuance, on either backend.
@Suite struct LedgerStoreTests {
    /// What the ledger's database answers to `sql` run behind the ledger's back; `nil` when it runs.
    func refusal(of sql: String, in fixture: LedgerFixture) -> LedgerError? {
        ledgerError { () throws(LedgerError) in
            try fixture.ledger.read { db throws(LedgerError) in try db.execute(sql) }
        }
    }

    @Test(.enabled(if: TestLedgerBackend.isSQLite))
    func opensWithWALFullSyncForeignKeysAndCurrentSchema() throws {
        let fixture = try LedgerFixture()
        let settings = try fixture.ledger.read { db throws(LedgerError) in
            (
                try db.first("PRAGMA journal_mode") { $0.text(0) }, try db.first("PRAGMA synchronous") { $0.int(0) },
                try db.first("PRAGMA foreign_keys") { $0.int(0) }, try db.first("PRAGMA user_version") { $0.int(0) }
            )
        }
        #expect(settings.0 == "wal")
        #expect(settings.1 == 2)  // FULL
        #expect(settings.2 == 1)
        #expect(settings.3 == Int64(SQLiteLedger.schemaVersion))
        #expect(try fixture.ledger.integrityCheck() == "ok")
    }

    @Test(.enabled(if: TestLedgerBackend.isSQLite))
    func newFilesHaveSmallPagesAndOldFilesKeepTheirs() throws {
        func autocheckpoint(_ ledger: RelationalLedger) throws -> Int64? {
            try ledger.read { db throws(LedgerError) in try db.first("PRAGMA wal_autocheckpoint") { $0.int(0) } }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A new file: 512-byte pages, a checkpoint every 4 MiB of log.
        let new = try SQLiteLedger.open(path: directory.appendingPathComponent("new.sqlite").path)
        #expect(try new.pageSize() == 512)
        #expect(try autocheckpoint(new) == 8192)
        // A file made with 1 KiB pages before this code keeps them, and its log the same 4 MiB.
        let oldPath = directory.appendingPathComponent("old.sqlite").path
        do {
            let connection = try SQLiteConnection(path: oldPath)
            try connection.execute("PRAGMA page_size=1024; CREATE TABLE before (x INTEGER)")
        }
        let old = try SQLiteLedger.open(path: oldPath)
        #expect(try old.pageSize() == 1024)
        #expect(try autocheckpoint(old) == 4096)
        #expect(try old.integrityCheck() == "ok")
    }

    @Test(.enabled(if: TestLedgerBackend.isPostgreSQL))
    func opensWithItsSchemaCurrentAndEveryConstraintValidated() throws {
        let fixture = try LedgerFixture()
        let version = try fixture.ledger.read { db throws(LedgerError) in
            try db.first("SELECT version FROM ledger_schema") { $0.int(0) }
        }
        #expect(version == Int64(PostgreSQLLedger.schemaVersion))
        #expect(PostgreSQLLedger.schemaVersion == SQLiteLedger.schemaVersion)
        #expect(try fixture.ledger.integrityCheck() == "ok")
        // A constraint added NOT VALID (rows never checked against it) is named.
        try fixture.ledger.read { db throws(LedgerError) in
            try db.execute("ALTER TABLE holds ADD CONSTRAINT held_recently CHECK (held_at > 0) NOT VALID")
        }
        #expect(try fixture.ledger.integrityCheck().contains("held_recently"))
        // So is a column type's (a domain's), by the type's name.
        try fixture.ledger.read { db throws(LedgerError) in
            try db.execute("ALTER DOMAIN ledger_count ADD CONSTRAINT under_ten CHECK (VALUE < 10) NOT VALID")
        }
        #expect(try fixture.ledger.integrityCheck().contains("ledger_count.under_ten"))
    }

    /// The tables every confirmation writes keep their one-column rules in their columns' types
    /// (PostgreSQL prepares a table's CHECKs again at every statement writing it, a domain's once
    /// per connection); only the rules joining two columns are table CHECKs.
    @Test(.enabled(if: TestLedgerBackend.isPostgreSQL))
    func theTablesEveryConfirmationWritesCheckTheirColumnsThroughTheirTypes() throws {
        let fixture = try LedgerFixture()
        let checks = try fixture.ledger.read { db throws(LedgerError) in
            try db.all(
                """
                SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint WHERE contype = 'c'
                AND conrelid::regclass::text IN ('vouchers', 'holds', 'payments', 'payment_lines', 'audit', 'audit_heads', 'outbox', 'report_totals')
                ORDER BY 1
                """
            ) { $0.text(0) }
        }
        #expect(checks == ["payments.payments_amount_within_requested", "vouchers.vouchers_check"])
        // A confirmation writes a row into each, then each rule is broken in turn.
        let payment = try fixture.payOneVoucher(idempotencyKey: "c1")
        for sql in [
            "UPDATE payment_lines SET kind = 'coupon'", "UPDATE payment_lines SET balance_after = -1",
            "UPDATE report_totals SET paid_count = -1", "UPDATE outbox SET attempts = -1",
            "UPDATE audit SET hash = '\\x00'::bytea", "UPDATE payments SET amount = requested + 1000 WHERE id = \(payment.id.rawValue)",
        ] {
            let error = refusal(of: sql, in: fixture)
            guard case .server(_, let state, _)? = error else {
                Issue.record("\(sql) gave \(String(describing: error)), not a constraint error")
                continue
            }
            #expect(state == "23514", "\(sql) failed with \(state), not a check")
        }
        #expect(try fixture.ledger.integrityCheck() == "ok")
    }

    @Test func refusesANewerSchema() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.read { db throws(LedgerError) in
            try db.execute(db.dialect == .sqlite ? "PRAGMA user_version=99" : "UPDATE ledger_schema SET version = 99")
        }
        #expect(throws: LedgerError.schemaTooNew(found: 99, supported: SQLiteLedger.schemaVersion)) {
            try fixture.reopen()
        }
    }

    @Test func migratesAVersionOneLedgerAndKeepsItsData() throws {
        let f = try LedgerFixture()
        _ = try f.vouchers(2)
        // Make the ledger look as version 1 left it: holds in the file with their index, no
        // accounts, its version 1.
        try f.ledger.read { db throws(LedgerError) in
            let holds =
                db.dialect == .sqlite
                ? SQLiteLedger.holdsTable.replacingOccurrences(of: "CREATE TEMP TABLE holds", with: "CREATE TABLE main.holds")
                    + "CREATE INDEX main.holds_session ON holds (session);"
                : "CREATE INDEX IF NOT EXISTS holds_session ON holds (session);"
            try db.execute(
                """
                \(holds)
                \(LedgerFixture.undoAuditChains(db.dialect))
                DROP TABLE password_history; DROP TABLE accounts; DROP TABLE report_totals; DROP TABLE typed_code_failures; ALTER TABLE merchants DROP COLUMN representative; ALTER TABLE merchants DROP COLUMN contact; ALTER TABLE merchants DROP COLUMN disabled_at; ALTER TABLE stores DROP COLUMN disabled_at; ALTER TABLE terminals DROP COLUMN disabled_at;
                ALTER TABLE outbox DROP COLUMN terminal;
                \(db.dialect == .sqlite ? "PRAGMA user_version=1" : "UPDATE ledger_schema SET version = 1");
                """
            )
        }
        let upgraded = try f.reopen()
        let db: SQLDialect = TestLedgerBackend.isSQLite ? .sqlite : .postgresql
        let state = try upgraded.read { db throws(LedgerError) in
            switch db.dialect {
            case .sqlite:
                (
                    try db.first("PRAGMA user_version") { $0.int(0) },
                    try db.first("SELECT count(*) FROM main.sqlite_schema WHERE name IN ('holds', 'holds_session')") {
                        $0.int(0)
                    },
                    try db.first("SELECT count(*) FROM sqlite_schema WHERE name = 'accounts'") { $0.int(0) }
                )
            case .postgresql:
                (
                    try db.first("SELECT version FROM ledger_schema") { $0.int(0) },
                    try db.first("SELECT count(to_regclass('holds_session'))") { $0.int(0) },
                    try db.first("SELECT count(to_regclass('accounts'))") { $0.int(0) }
                )
            }
        }
        // SQLite drops the holds index in migration 2 and the table in 6 (its holds live in memory);
        // PostgreSQL keeps both (see PostgreSQLSchema).
        #expect(state.0 == Int64(SQLiteLedger.schemaVersion) && state.1 == (db == .sqlite ? 0 : 1) && state.2 == 1)
        #expect(try upgraded.balance(of: .voucher(program: LedgerFixture.paper, serial: 2)).balance == 1000)
    }

    @Test func reopeningKeepsEverythingAndMigratesNothing() throws {
        let fixture = try LedgerFixture()
        _ = try fixture.vouchers(3)
        let reopened = try fixture.reopen()
        #expect(try reopened.programs().map(\.code) == [LedgerFixture.kids, LedgerFixture.paper])
        #expect(try reopened.program(LedgerFixture.paper) == LedgerFixture.paperProgram(.tokyo))
        #expect(try reopened.balance(of: .voucher(program: LedgerFixture.paper, serial: 3)).balance == 1000)
    }

    @Test func checkConstraintsGuardAmountsAndStates() throws {
        let fixture = try LedgerFixture()
        _ = try fixture.vouchers(1)
        let ticket = try fixture.ticket(balance: 500)
        for sql in [
            "UPDATE vouchers SET state = 'lost'",
            "UPDATE vouchers SET state = 'spent'",  // spent needs a payment
            "UPDATE etickets SET balance = -1 WHERE id = \(ticket)",
            "UPDATE etickets SET balance = 501 WHERE id = \(ticket)",
            "UPDATE programs SET unit = 0",
            "INSERT INTO holds VALUES ('KOMATSU26', 'voucher', 1, 1, 'T1', 0, 0)",
            "INSERT INTO holds VALUES ('KOMATSU26', 'coupon', 1, 1, 'T1', 1000, 0)",
            "UPDATE vouchers SET serial = 0",
            "UPDATE vouchers SET face_value = 0",
            "UPDATE audit_heads SET seq = -1",
            "UPDATE audit SET seq = 0",
        ] {
            let error = refusal(of: sql, in: fixture)
            switch error {
            case .storage(_, let code, _)?:
                #expect(code & 0xff == 19, "\(sql) failed with \(code), not a constraint")  // SQLITE_CONSTRAINT
            case .server(_, let state, _)?:
                // An integrity violation, or the unit CHECK's own `% unit` dividing by zero.
                #expect(state.hasPrefix("23") || state == "22012", "\(sql) failed with \(state), not a constraint")
            default:
                Issue.record("\(sql) gave \(String(describing: error)), not a constraint error")
            }
        }
    }

    /// A payment's store is its terminal's: a row that says otherwise is refused, by one foreign key
    /// to the terminal's code and store on a shared ledger (also one key less for every
    /// confirmation to check) and by a trigger in a kiosk's file.
    @Test func aPaymentsStoreIsItsTerminals() throws {
        let fixture = try LedgerFixture()
        try fixture.ledger.createStore(
            Store(code: SiteCode("S2")!, merchant: SiteCode("M1")!, name: "駅前店"), by: LedgerFixture.office, now: fixture.now)
        try fixture.ledger.createTerminal(
            Terminal(code: SiteCode("T3")!, store: SiteCode("S2")!, name: "駅前レジ"), by: LedgerFixture.office, now: fixture.now)
        let payment = try fixture.payOneVoucher(idempotencyKey: "c1")
        #expect(payment.store == SiteCode("S1"))
        let id = payment.id.rawValue
        for sql in [
            "UPDATE payments SET store = 'S2' WHERE id = \(id)",
            "UPDATE payments SET terminal = 'T3' WHERE id = \(id)",
            "UPDATE payments SET terminal = 'T9' WHERE id = \(id)",
            """
            INSERT INTO payments (at, program, store, terminal, operator, requested, amount, session, idempotency_key)
            VALUES (1, 'KOMATSU26', 'S2', 'T1', 'clerk', 1000, 1000, 1, 'k2')
            """,
        ] {
            switch refusal(of: sql, in: fixture) {
            case .storage(_, let code, _)?: #expect(code & 0xff == 19, "\(sql) failed with \(code), not a constraint")
            case .server(_, let state, _)?: #expect(state == "23503", "\(sql) failed with \(state), not a foreign key")
            case let error: Issue.record("\(sql) gave \(String(describing: error)), not a constraint error")
            }
        }
        // The terminal and store of another store's terminal together are a pair the rule lets through.
        #expect(refusal(of: "UPDATE payments SET terminal = 'T3', store = 'S2' WHERE id = \(id)", in: fixture) == nil)
        #expect(refusal(of: "UPDATE payments SET terminal = 'T1', store = 'S1' WHERE id = \(id)", in: fixture) == nil)
        if TestLedgerBackend.isPostgreSQL {
            let keys = try fixture.ledger.read { db throws(LedgerError) in
                try db.all(
                    "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = 'payments'::regclass ORDER BY 1"
                ) { $0.text(0) }
            }
            #expect(keys == ["payments_program_fkey", "payments_terminal_store_fkey"])
        }
        #expect(try fixture.ledger.integrityCheck() == "ok")
    }

    @Test(arguments: [
        "number", "name", "unit", "face value", "maximum per transaction", "validity", "redemption deadline",
        "redemption over 5 years", "refund rule",
    ])
    func invalidProgramsAreRefusedNamingTheField(field: String) throws {
        func edit(_ p: inout Program) {
            switch field {
            case "number": p.number = 0
            case "name": p.name = "  "
            case "unit": p.unit = 0
            case "face value": p.faceValue = 1500
            case "maximum per transaction": p.maximumPerTransaction = 1500
            case "validity": p.validUntil = p.validFrom
            case "redemption deadline": p.redemptionDeadline = p.validFrom
            case "redemption over 5 years": p.redemptionDeadline = p.validFrom.adding(seconds: 1_828 * 86_400)
            default: p.refundRule = .hoursAfterPayment(0)
            }
        }
        let fixture = try LedgerFixture()
        var program = LedgerFixture.paperProgram(.tokyo)
        program.code = ProgramCode("NEW")!
        program.number = 9
        edit(&program)
        let before = try fixture.fingerprint()
        let error = ledgerError { () throws(LedgerError) in
            try fixture.ledger.createProgram(program, by: LedgerFixture.office, now: fixture.now)
        }
        guard case .invalidProgram(let named, _)? = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(named == (field == "redemption over 5 years" ? "redemption deadline" : field))
        #expect(try fixture.fingerprint() == before)
    }

    @Test func duplicatesAndUnknownSitesAreRefused() throws {
        let fixture = try LedgerFixture()
        try expectRefused(fixture, .duplicate(kind: "program", key: "KOMATSU26")) { () throws(LedgerError) in
            try fixture.ledger.createProgram(
                LedgerFixture.paperProgram(.tokyo),
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        var renumbered = LedgerFixture.paperProgram(.tokyo)
        renumbered.code = ProgramCode("OTHER")!
        try expectRefused(fixture, .duplicate(kind: "program number", key: "1")) { () throws(LedgerError) in
            try fixture.ledger.createProgram(renumbered, by: LedgerFixture.office, now: fixture.now)
        }
        try expectRefused(fixture, .unknownSite(kind: "merchant", code: SiteCode("M9")!)) { () throws(LedgerError) in
            try fixture.ledger.createStore(
                Store(code: SiteCode("S9")!, merchant: SiteCode("M9")!, name: "x"),
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .unknownSite(kind: "store", code: SiteCode("S9")!)) { () throws(LedgerError) in
            try fixture.ledger.createTerminal(
                Terminal(code: SiteCode("T9")!, store: SiteCode("S9")!, name: "x"),
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .duplicate(kind: "terminal", key: "T1")) { () throws(LedgerError) in
            try fixture.ledger.createTerminal(
                Terminal(code: SiteCode("T1")!, store: SiteCode("S1")!, name: "x"),
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .invalidText(field: "name", reason: "must not contain control characters")) {
            () throws(LedgerError) in
            try fixture.ledger.createMerchant(
                Merchant(code: SiteCode("M2")!, name: "a\u{7}b"),
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .unknownSite(kind: "terminal", code: SiteCode("T9")!)) { () throws(LedgerError) in
            try fixture.ledger.terminal(SiteCode("T9")!)
        }
        try expectRefused(fixture, .unknownProgram(ProgramCode("NOPE")!)) { () throws(LedgerError) in
            try fixture.ledger.program(ProgramCode("NOPE")!)
        }
    }

    @Test func issuanceNumbersSerialsAndRefusesBadBatches() throws {
        let fixture = try LedgerFixture()
        #expect(
            try fixture.ledger.issueVouchers(
                program: LedgerFixture.paper,
                count: 5,
                by: LedgerFixture.office,
                now: fixture.now
            ) == 1...5
        )
        #expect(
            try fixture.ledger.issueVouchers(
                program: LedgerFixture.paper,
                count: 2,
                by: LedgerFixture.office,
                now: fixture.now
            ) == 6...7
        )
        try expectRefused(fixture, .invalidIssuance(reason: "a batch has 1 to 100,000 vouchers, not 0")) {
            () throws(LedgerError) in
            try fixture.ledger.issueVouchers(
                program: LedgerFixture.paper,
                count: 0,
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .invalidIssuance(reason: "program KIDS25 issues e-tickets, not paper vouchers")) {
            () throws(LedgerError) in
            try fixture.ledger.issueVouchers(
                program: LedgerFixture.kids,
                count: 1,
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .unknownProgram(ProgramCode("NOPE")!)) { () throws(LedgerError) in
            try fixture.ledger.issueVouchers(
                program: ProgramCode("NOPE")!,
                count: 1,
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .invalidIssuance(reason: "an e-ticket's balance is 1 to 10,000,000 yen, not -5 yen"))
        {
            () throws(LedgerError) in
            try fixture.ledger.issueETicket(
                program: LedgerFixture.kids,
                balance: -5,
                expiry: fixture.now.adding(seconds: 10),
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        try expectRefused(fixture, .invalidIssuance(reason: "the expiry \(fixture.now) is not in the future")) {
            () throws(LedgerError) in
            try fixture.ledger.issueETicket(
                program: LedgerFixture.kids,
                balance: 5,
                expiry: fixture.now,
                by: LedgerFixture.office,
                now: fixture.now
            )
        }
        #expect(try fixture.ticket(balance: 3000) == 1)
        #expect(try fixture.ledger.balance(of: .eTicket(program: LedgerFixture.kids, id: 1)).balance == 3000)
    }

    @Test func timesAreUTCAndDaysFollowTheConfiguredZone() throws {
        let tokyo = LedgerTimeZone.tokyo
        let day = LocalDate(year: 2026, month: 6, day: 30)!
        let start = tokyo.startOfDay(day)
        #expect(start.description == "2026-06-29T15:00:00.000000Z")
        #expect(tokyo.localDate(of: start) == day)
        #expect(tokyo.localDate(of: start.adding(microseconds: -1)) == day.adding(days: -1))
        #expect(tokyo.display(start.adding(seconds: 3723)) == "2026/06/30 01:02:03")
        let utc = LedgerTimeZone(identifier: "UTC")!
        #expect(utc.localDate(of: start) == day.adding(days: -1))
        #expect(LedgerTimeZone(identifier: "Not/AZone") == nil)
        #expect(LocalDate("2026-02-29") == nil && LocalDate("2028-02-29") != nil)
        for days in [-1000, 0, 1, 20_000, 2_932_896] as [Int64] {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func komatsuCalendarHasElevenClosings() {
        let calendar = SettlementCalendar.komatsu2026
        #expect(calendar.periods.count == 11)
        #expect(
            calendar.period(covering: LocalDate(year: 2026, month: 7, day: 1)!)?.closing.description == "2026-07-15"
        )
        #expect(
            calendar.period(covering: LocalDate(year: 2026, month: 7, day: 15)!)?.payout.description == "2026-07-31"
        )
        #expect(calendar.period(covering: LocalDate(year: 2026, month: 12, day: 1)!) == nil)
        #expect(SettlementCalendar([.init(closing: LocalDate("2026-07-15")!, payout: LocalDate("2026-07-01")!)]) == nil)
        let semimonthly = SettlementCalendar.semimonthly(
            from: LocalDate("2026-01-01")!,
            through: LocalDate("2026-02-28")!,
            payoutDelay: 15
        )
        #expect(
            semimonthly.periods.map(\.closing.description) == ["2026-01-15", "2026-01-31", "2026-02-15", "2026-02-28"]
        )
    }
}
