import Foundation
import Testing

@testable import Kiosk

/// A fresh ledger in a temporary directory with a paper program (002-like), an e-ticket program
/// (000-like), a merchant, a store and two terminals; deleted on deinit. On the backend the suite
/// runs against (``TestLedgerBackend``).
final class LedgerFixture {
    let directory: URL
    let place: TestLedgerBackend.Place
    let ledger: RelationalLedger
    let codec: VoucherCodec
    let desk: RedemptionDesk
    let tokyo = LedgerTimeZone.tokyo
    /// The manual clock: tests move it.
    var now: Timestamp

    static let paper = ProgramCode("KOMATSU26")!
    static let kids = ProgramCode("KIDS25")!
    static let terminal = SiteCode("T1")!
    static let otherTerminal = SiteCode("T2")!
    static let staff = Principal(name: "yamada", role: .staff, peerUID: 1000, terminal: SiteCode("T1"))
    static let office = Principal(name: "city", role: .programOffice, peerUID: 0)

    /// A fixture on the suite's backend, or at `place` (a PostgreSQL test's own cluster).
    init(idleSeconds: Int64 = 120, place: TestLedgerBackend.Place? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // 2026-07-01 10:00 in Tokyo.
        now = LedgerTimeZone.tokyo.startOfDay(LocalDate(year: 2026, month: 7, day: 1)!).adding(seconds: 10 * 3600)
        self.place = place ?? TestLedgerBackend.freshPlace(in: directory)
        ledger = try TestLedgerBackend.open(self.place, timeZone: tokyo, now: now)
        codec = VoucherCodec(keys: [
            ProgramKey(program: Self.paper, number: 1, secret: Array("komatsu-secret-0123456789".utf8))!,
            ProgramKey(program: Self.kids, number: 2, secret: Array("kids-secret-abcdefghijklmn".utf8))!,
        ])
        desk = RedemptionDesk(ledger: ledger, codec: codec, idleSeconds: idleSeconds)
        try ledger.createProgram(Self.paperProgram(tokyo), by: Self.office, now: now)
        try ledger.createProgram(Self.kidsProgram(tokyo), by: Self.office, now: now)
        try ledger.createMerchant(Merchant(code: SiteCode("M1")!, name: "こまつ商店"), by: Self.office, now: now)
        try ledger.createStore(
            Store(code: SiteCode("S1")!, merchant: SiteCode("M1")!, name: "本店"),
            by: Self.office,
            now: now
        )
        try ledger.createTerminal(
            Terminal(code: Self.terminal, store: SiteCode("S1")!, name: "レジ1"),
            by: Self.office,
            now: now
        )
        try ledger.createTerminal(
            Terminal(code: Self.otherTerminal, store: SiteCode("S1")!, name: "レジ2"),
            by: Self.office,
            now: now
        )
    }

    deinit {
        TestLedgerBackend.remove(place, using: ledger)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The same ledger opened again, as a restarted kiosk (terminal T1, or `terminal`) would.
    func reopen(
        timeZone: LedgerTimeZone = .tokyo,
        at time: Timestamp? = nil,
        terminal: SiteCode? = LedgerFixture.terminal
    ) throws -> RelationalLedger {
        try TestLedgerBackend.open(place, timeZone: timeZone, terminal: terminal, now: time ?? now)
    }

    /// SQL that takes a ledger back from migration 9 (audit chains) to one chain with its one
    /// head row, as migrations 1 to 8 left it: the start of a test of an older ledger's migration.
    static func undoAuditChains(_ dialect: SQLDialect) -> String {
        let blob = dialect == .sqlite ? "BLOB" : "BYTEA"
        let strict = dialect == .sqlite ? " STRICT" : ""
        return """
            DROP INDEX audit_chain_seq; ALTER TABLE audit DROP COLUMN chain; ALTER TABLE audit DROP COLUMN chain_seq;
            CREATE TABLE audit_head (id BIGINT PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash \(blob) NOT NULL)\(strict);
            INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_heads WHERE chain = '';
            DROP TABLE audit_heads; DROP TABLE audit_anchored;
            \(dialect == .postgresql ? "DROP SEQUENCE audit_order;" : "")
            """.replacingOccurrences(of: "BIGINT", with: dialect == .sqlite ? "INTEGER" : "BIGINT")
    }

    static func paperProgram(_ tokyo: LedgerTimeZone) -> Program {
        Program(
            code: paper,
            number: 1,
            name: "いい街こまつプレミアム",
            kind: .paper,
            unit: 1000,
            faceValue: 1000,
            maximumPerTransaction: 100_000,
            validFrom: tokyo.startOfDay(LocalDate(year: 2026, month: 6, day: 24)!),
            validUntil: tokyo.startOfDay(LocalDate(year: 2026, month: 11, day: 1)!),
            redemptionDeadline: tokyo.startOfDay(LocalDate(year: 2026, month: 12, day: 1)!),
            refundRule: .untilClosing,
            calendar: .komatsu2026
        )
    }

    static func kidsProgram(_ tokyo: LedgerTimeZone) -> Program {
        Program(
            code: kids,
            number: 2,
            name: "かしわ★ざ★キッズ!スターチケット",
            kind: .eTicket,
            unit: 1,
            faceValue: 10_000,
            maximumPerTransaction: 100_000,
            validFrom: tokyo.startOfDay(LocalDate(year: 2026, month: 4, day: 1)!),
            validUntil: tokyo.startOfDay(LocalDate(year: 2027, month: 4, day: 1)!),
            redemptionDeadline: tokyo.startOfDay(LocalDate(year: 2027, month: 4, day: 1)!),
            refundRule: .hoursAfterPayment(24),
            calendar: .semimonthly(
                from: LocalDate(year: 2026, month: 4, day: 1)!,
                through: LocalDate(year: 2027, month: 3, day: 31)!,
                payoutDelay: 15
            )
        )
    }

    func vouchers(_ count: Int) throws -> [String] {
        let serials = try ledger.issueVouchers(program: Self.paper, count: count, by: Self.office, now: now)
        return try serials.map { try codec.voucherPayload(program: Self.paper, serial: $0) }
    }

    /// A voucher issued now and redeemed at the fixture's terminal the whole way a kiosk does
    /// (open, scan, confirm with `idempotencyKey`): the payment.
    func payOneVoucher(idempotencyKey: String) throws -> Payment {
        let code = try vouchers(1)[0]
        let session = try desk.open(program: Self.paper, amount: 1000, terminal: Self.terminal, now: now)
        _ = try desk.present(.scanned(code), to: session.id, by: .system, now: now)
        return try desk.confirm(session.id, idempotencyKey: IdempotencyKey(idempotencyKey)!, by: Self.staff, now: now)
    }

    func ticket(balance: Yen) throws -> Int64 {
        try ledger.issueETicket(
            program: Self.kids,
            balance: balance,
            expiry: now.adding(seconds: 86_400 * 90),
            by: Self.office,
            now: now
        )
    }

    func ticketCode(_ id: Int64) throws -> String {
        try codec.eTicketPayload(program: Self.kids, id: id, at: now)
    }

    func advance(seconds: Int64) { now = now.adding(seconds: seconds) }

    /// Everything a failed request must leave alone, to compare before and after.
    struct Fingerprint: Equatable {
        var payments: Int
        var refunds: Int
        var holds: Int
        var audit: Int64
        var outbox: Int
        var spentVouchers: Int64
        var ticketBalances: Int64
    }

    func fingerprint() throws -> Fingerprint {
        try ledger.read { db throws(LedgerError) in
            func count(_ sql: String) throws(LedgerError) -> Int64 { try db.first(sql) { $0.int(0) } ?? -1 }
            return Fingerprint(
                payments: Int(try count("SELECT count(*) FROM payments")),
                refunds: Int(try count("SELECT count(*) FROM refunds")),
                holds: Int(try count("SELECT count(*) FROM holds")),
                audit: try count("SELECT count(*) FROM audit"),
                outbox: Int(try count("SELECT count(*) FROM outbox")),
                spentVouchers: try count("SELECT count(*) FROM vouchers WHERE state = 'spent'"),
                ticketBalances: try count("SELECT coalesce(sum(balance), 0) FROM etickets")
            )
        }
    }
}

/// Runs `body`, expects it to throw `expected`, and the fixture's ledger to be unchanged.
func expectRefused<T>(
    _ fixture: LedgerFixture,
    _ expected: LedgerError,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(LedgerError) -> T
) throws {
    let before = try fixture.fingerprint()
    var thrown: LedgerError?
    do {
        _ = try body()
    } catch {
        thrown = error
    }
    let after = try fixture.fingerprint()
    #expect(thrown == expected, sourceLocation: sourceLocation)
    #expect(before == after, "the ledger changed", sourceLocation: sourceLocation)
}
