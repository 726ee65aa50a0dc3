import Foundation
import Testing

@testable import Kiosk

/// A ``LedgerFixture`` with a second merchant, store and terminal, that pays and refunds directly
/// through the ledger (hold, confirm) and remembers what it did, so reports can be checked against
/// sums the test makes itself.
final class ReportFixture {
    /// A payment as the test made it, and its refund.
    struct Made {
        var id: PaymentID
        var at: Timestamp
        var program: ProgramCode
        var store: SiteCode
        var terminal: SiteCode
        var amount: Yen
        var refund: RefundID?
        var refundedAt: Timestamp?
    }

    let base: LedgerFixture
    var ledger: RelationalLedger { base.ledger }
    var tokyo: LedgerTimeZone { base.tokyo }
    private(set) var made: [Made] = []
    private var nextVoucher: Int64 = 1
    private var vouchersIssued: ClosedRange<Int64>?
    private var keyCounter = 0

    static let s1 = SiteCode("S1")!
    static let s2 = SiteCode("S2")!
    static let t1 = SiteCode("T1")!
    static let t2 = SiteCode("T2")!
    static let t3 = SiteCode("T3")!
    /// The fixture's terminals and the store each stands in.
    static let terminals: [(SiteCode, SiteCode)] = [(t1, s1), (t2, s1), (t3, s2)]

    init(vouchers: Int = 0) throws {
        base = try LedgerFixture()
        try ledger.createMerchant(Merchant(code: SiteCode("M2")!, name: "安宅屋"), by: LedgerFixture.office, now: base.now)
        try ledger.createStore(
            Store(code: Self.s2, merchant: SiteCode("M2")!, name: "駅前店"),
            by: LedgerFixture.office,
            now: base.now
        )
        try ledger.createTerminal(
            Terminal(code: Self.t3, store: Self.s2, name: "券売機"),
            by: LedgerFixture.office,
            now: base.now
        )
        if vouchers > 0 {
            vouchersIssued = try ledger.issueVouchers(
                program: LedgerFixture.paper,
                count: vouchers,
                by: LedgerFixture.office,
                now: base.now
            )
            nextVoucher = vouchersIssued!.lowerBound
        }
    }

    /// Local noon of a day in July 2026 (day 1 = July 1), plus `seconds`.
    func july(_ day: Int, seconds: Int64 = 12 * 3600) -> Timestamp {
        tokyo.startOfDay(LocalDate(year: 2026, month: 7, day: 1)!.adding(days: day - 1)).adding(seconds: seconds)
    }

    /// Pays `vouchers` paper vouchers (1,000 yen each) at a terminal at `at`.
    @discardableResult
    func payPaper(vouchers count: Int, terminal: SiteCode, at: Timestamp) throws -> Made {
        let session = SessionID.random()
        var held: [HeldCode] = []
        for _ in 0..<count {
            let code = CodeReference.voucher(program: LedgerFixture.paper, serial: nextVoucher)
            nextVoucher += 1
            held.append(try ledger.hold(code, session: session, terminal: terminal, limit: 100_000, now: at))
        }
        return try confirm(held, program: LedgerFixture.paper, session: session, terminal: terminal, at: at)
    }

    /// Pays `amount` from a fresh e-ticket at a terminal at `at`.
    @discardableResult
    func payTicket(_ amount: Yen, terminal: SiteCode, at: Timestamp) throws -> Made {
        let ticket = try ledger.issueETicket(
            program: LedgerFixture.kids,
            balance: amount + 500,
            expiry: at.adding(seconds: 86_400),
            by: LedgerFixture.office,
            now: at
        )
        let session = SessionID.random()
        let held = try ledger.hold(
            .eTicket(program: LedgerFixture.kids, id: ticket),
            session: session,
            terminal: terminal,
            limit: amount,
            now: at
        )
        return try confirm([held], program: LedgerFixture.kids, session: session, terminal: terminal, at: at)
    }

    private func confirm(
        _ held: [HeldCode],
        program: ProgramCode,
        session: SessionID,
        terminal: SiteCode,
        at: Timestamp
    ) throws -> Made {
        keyCounter += 1
        let total = held.reduce(Yen.zero) { $0 + $1.amount }
        let payment = try ledger.confirm(
            ConfirmRequest(
                idempotencyKey: IdempotencyKey("pay-\(keyCounter)")!,
                session: session,
                program: program,
                requested: total,
                lines: held,
                terminal: terminal,
                principal: LedgerFixture.staff,
                now: at
            )
        )
        let store = try ledger.terminal(terminal).store
        let record = Made(
            id: payment.id,
            at: at,
            program: program,
            store: store,
            terminal: terminal,
            amount: total
        )
        made.append(record)
        return record
    }

    /// Refunds a payment at `at` as `principal` (default: the program office, whom no window stops).
    @discardableResult
    func refund(_ id: PaymentID, at: Timestamp, by principal: Principal = LedgerFixture.office) throws -> Refund {
        keyCounter += 1
        let refund = try ledger.refund(
            RefundRequest(
                payment: id,
                idempotencyKey: IdempotencyKey("refund-\(keyCounter)")!,
                memo: "テスト",
                principal: principal,
                now: at
            )
        )
        let index = made.firstIndex { $0.id == id }!
        made[index].refund = refund.id
        made[index].refundedAt = at
        return refund
    }
}
