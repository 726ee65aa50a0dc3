/// The ledger: programs, sites, vouchers and e-tickets, holds, payments, refunds, audit and outbox.
///
/// The only door to stored money. ``RelationalLedger`` implements it over a kiosk's SQLite file
/// (``SQLiteLedger``) or a city's PostgreSQL server (``PostgreSQLLedger``); nothing here mentions SQL. Every method that
/// changes money is one transaction: it happens whole or not at all, writes its audit entry and,
/// for payments and refunds, its outbox event in that same transaction. Calls block (they may wait
/// for the disk); run them off latency-sensitive queues.
public protocol Ledger: AnyObject, Sendable, LedgerReports, AccountStore {
    /// The zone in which days and closings are reckoned.
    var timeZone: LedgerTimeZone { get }

    // MARK: Programs and sites

    /// Adds a program after validating its terms.
    ///
    /// - Throws: ``LedgerError/invalidProgram(field:reason:)``, ``LedgerError/duplicate(kind:key:)``.
    func createProgram(_ program: Program, by principal: Principal, now: Timestamp) throws(LedgerError)

    /// The program with this code.
    ///
    /// - Throws: ``LedgerError/unknownProgram(_:)``.
    func program(_ code: ProgramCode) throws(LedgerError) -> Program

    /// Every program, by code.
    func programs() throws(LedgerError) -> [Program]

    /// Adds a merchant.
    func createMerchant(_ merchant: Merchant, by principal: Principal, now: Timestamp) throws(LedgerError)

    /// Adds a store of an existing merchant.
    func createStore(_ store: Store, by principal: Principal, now: Timestamp) throws(LedgerError)

    /// Adds a terminal in an existing store.
    func createTerminal(_ terminal: Terminal, by principal: Principal, now: Timestamp) throws(LedgerError)

    /// The terminal with this code.
    ///
    /// - Throws: ``LedgerError/unknownSite(kind:code:)``.
    func terminal(_ code: SiteCode) throws(LedgerError) -> Terminal

    /// Every merchant, by code.
    func merchants() throws(LedgerError) -> [Merchant]

    /// The merchant with this code.
    func merchant(_ code: SiteCode) throws(LedgerError) -> Merchant

    /// The stores of a merchant, or every store.
    func stores(of merchant: SiteCode?) throws(LedgerError) -> [Store]

    /// The store with this code.
    func store(_ code: SiteCode) throws(LedgerError) -> Store

    /// The terminals of a store, or every terminal.
    func terminals(in store: SiteCode?) throws(LedgerError) -> [Terminal]

    /// Changes, disables or enables a site, audited.
    func changeSite(_ kind: SiteKind, _ code: SiteCode, _ change: SiteChange, by principal: Principal, now: Timestamp) throws(LedgerError)

    /// Refuses a new session at a terminal that is disabled, or whose store or merchant is.
    func checkOpenForSessions(_ terminal: SiteCode) throws(LedgerError)

    // MARK: Issuance

    /// Issues `count` new paper vouchers of a paper program at its face value; returns their serials.
    ///
    /// - Throws: ``LedgerError/invalidIssuance(reason:)``, ``LedgerError/unknownProgram(_:)``.
    func issueVouchers(
        program: ProgramCode,
        count: Int,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError)
        -> ClosedRange<Int64>

    /// Issues one e-ticket of an e-ticket program with a balance and an expiry; returns its number.
    ///
    /// - Throws: ``LedgerError/invalidIssuance(reason:)``, ``LedgerError/unknownProgram(_:)``.
    func issueETicket(
        program: ProgramCode,
        balance: Yen,
        expiry: Timestamp,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) -> Int64

    // MARK: Codes

    /// A code's state and balance, without holding it (残高照会).
    ///
    /// - Throws: ``LedgerError/unknownCode(_:)``.
    func balance(of code: CodeReference) throws(LedgerError) -> CodeBalance

    /// Holds a code for a session after checking it may be used now, and says what it gives.
    ///
    /// A voucher gives its face value, refused when that is more than `limit`; an e-ticket gives
    /// up to `limit` of its balance. A held code is refused to every other session until released
    /// or spent. Holds are not money: they need not survive a crash and are released at startup.
    ///
    /// - Throws: ``LedgerError/unknownCode(_:)``, ``LedgerError/programNotActive(_:from:until:)``,
    ///   ``LedgerError/voucherAlreadySpent(_:payment:)``, ``LedgerError/eTicketExpired(_:expiry:)``,
    ///   ``LedgerError/eTicketEmpty(_:)``, ``LedgerError/codeHeldElsewhere(_:)``,
    ///   ``LedgerError/voucherExceedsAmount(_:faceValue:missing:)``.
    func hold(
        _ code: CodeReference,
        session: SessionID,
        terminal: SiteCode,
        limit: Yen,
        now: Timestamp
    )
        throws(LedgerError) -> HeldCode

    /// Releases every hold of a session (abort, expiry); returns how many.
    @discardableResult
    func releaseHolds(session: SessionID) throws(LedgerError) -> Int

    /// Releases every hold (startup: no session survives a restart); returns how many.
    @discardableResult
    func releaseAllHolds(by principal: Principal, now: Timestamp) throws(LedgerError) -> Int

    /// How many codes are held.
    func holdCount() throws(LedgerError) -> Int

    /// Records a wrong typed code durably, so that the typed-code limit survives a restart.
    func recordTypedCodeFailure(_ failure: TypedCodeFailure) throws(LedgerError)

    /// Wrong typed codes at `terminal` or by `login` at or after `since`, oldest first.
    func typedCodeFailures(terminal: SiteCode, login: String, since: Timestamp) throws(LedgerError) -> [TypedCodeFailure]

    // MARK: Payments

    /// Confirms a session in one transaction: vouchers spent, e-tickets debited, the payment and
    /// its lines recorded, its holds dropped, an audit entry and an outbox event written.
    /// A request with an idempotency key seen before returns that payment and changes nothing.
    ///
    /// - Throws: ``LedgerError/holdLost(_:)`` when a line is no longer held by the session,
    ///   ``LedgerError/idempotencyKeyReused(_:)`` when the key was used for a different request.
    func confirm(_ request: ConfirmRequest) throws(LedgerError) -> Payment

    /// The payment confirmed with this idempotency key, if any.
    func payment(idempotencyKey: IdempotencyKey) throws(LedgerError) -> Payment?

    /// The payment with this number.
    ///
    /// - Throws: ``LedgerError/unknownPayment(_:)``.
    func payment(_ id: PaymentID) throws(LedgerError) -> Payment

    /// Payments matching a search, newest first.
    ///
    /// - Throws: ``LedgerError/invalidQuery(reason:)``.
    func findPayments(_ query: PaymentQuery) throws(LedgerError) -> [Payment]

    // MARK: Refunds

    /// What refunding a payment would do and whether `principal` may do it at `now`.
    ///
    /// - Throws: ``LedgerError/unknownPayment(_:)``, ``LedgerError/alreadyRefunded(_:refund:)``.
    func refundPreview(
        _ payment: PaymentID,
        for principal: Principal,
        now: Timestamp
    ) throws(LedgerError)
        -> RefundPreview

    /// Refunds a whole payment in one transaction (vouchers unspent, e-tickets credited, audit,
    /// outbox). A request with an idempotency key seen before returns that refund.
    ///
    /// - Throws: ``LedgerError/unknownPayment(_:)``, ``LedgerError/alreadyRefunded(_:refund:)``,
    ///   ``LedgerError/refundWindowClosed(_:closedAt:)``, ``LedgerError/invalidText(field:reason:)``,
    ///   ``LedgerError/idempotencyKeyReused(_:)``.
    func refund(_ request: RefundRequest) throws(LedgerError) -> Refund

    /// The refund of a payment, if it was refunded.
    func refund(of payment: PaymentID) throws(LedgerError) -> Refund?

    // MARK: Audit

    /// Audit entries of every chain after a position in the log, in its order, at most `limit`.
    func auditEntries(after position: Int64, limit: Int) throws(LedgerError) -> [AuditEntry]

    /// Checks the audit chains from the start (the ledger's own from an earlier checkpoint),
    /// naming the first bad entry.
    func verifyAudit(from checkpoint: AuditCheckpoint?) throws(LedgerError) -> AuditVerification

    /// Binds the terminals' audit chains of a shared ledger into its own with an anchor entry of
    /// their heads, when any moved; `nil` when none did (always on a kiosk's own file).
    @discardableResult
    func anchorAuditChains(now: Timestamp) throws(LedgerError) -> AuditAnchor?

    /// The file's integrity check and every money invariant, the broken ones named.
    func consistency() throws(LedgerError) -> LedgerConsistency

    /// The last entry of the ledger's own audit chain, or `nil` while it is empty.
    func auditHead() throws(LedgerError) -> AuditCheckpoint?

    /// Compares every payment, refund, voucher and e-ticket with what the audit chain says, naming
    /// each row edited, deleted, inserted or reverted outside kioskd.
    func verifyMoney() throws(LedgerError) -> MoneyVerification

    // MARK: Outbox

    /// Undelivered events due at `now`, oldest first, at most `limit`.
    func dueOutboxEvents(now: Timestamp, limit: Int) throws(LedgerError) -> [OutboxEvent]

    /// Undelivered events that failed at least once, oldest first.
    func failingOutboxEvents(limit: Int) throws(LedgerError) -> [OutboxEvent]

    /// Marks an event delivered.
    func markOutboxDelivered(_ id: Int64, now: Timestamp) throws(LedgerError)

    /// Records a failed attempt and when to try again.
    func markOutboxFailed(_ id: Int64, error: String, retryAt: Timestamp) throws(LedgerError)

    /// Counts of pending, failing and delivered events.
    func outboxStatus() throws(LedgerError) -> OutboxStatus
}

extension Ledger {
    /// When the store's refund window for a payment closes, by its program's rule.
    ///
    /// Hours after payment: that many hours after it. Until the closing: the end of the closing day
    /// (local midnight after it) of the period that covers the payment's local day; past the last
    /// closing, at the payment itself (only the program office may refund).
    public func refundWindowEnd(of payment: Payment, program: Program) -> Timestamp {
        switch program.refundRule {
        case .hoursAfterPayment(let hours):
            return payment.at.adding(seconds: Int64(hours) * 3600)
        case .untilClosing:
            let day = timeZone.localDate(of: payment.at)
            guard let period = program.calendar.period(covering: day) else { return payment.at }
            return timeZone.startOfDay(period.closing.adding(days: 1))
        }
    }
}
