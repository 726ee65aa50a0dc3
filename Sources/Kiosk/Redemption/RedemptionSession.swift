/// One redemption at a terminal: an amount, the codes read, and where it stands.
///
/// A value type fed with `now` and with what the ledger answered; it does no I/O, so tests drive
/// it with a manual clock. States: collecting → complete → confirmed, or aborted / expired.
/// ``RedemptionDesk`` pairs it with the ledger's holds.
public struct RedemptionSession: Sendable, Hashable {
    /// Where a session stands.
    public enum State: Hashable, Sendable, Codable {
        /// Reading codes; the total is below the amount.
        case collecting
        /// The total reached the amount, or the operator chose "settle what was read"; awaiting confirm.
        case complete
        /// Confirmed as this payment.
        case confirmed(PaymentID)
        /// Aborted; its codes were released.
        case aborted
        /// Idle too long; its codes were released.
        case expired

        /// The state's name for messages and the wire.
        public var name: String {
            switch self {
            case .collecting: "collecting"
            case .complete: "complete"
            case .confirmed: "confirmed"
            case .aborted: "aborted"
            case .expired: "expired"
            }
        }
    }

    /// What presenting a code leads to, before the ledger is asked.
    public enum Presentation: Hashable, Sendable {
        /// The code was read before in this session: it counts once, nothing changes.
        case alreadyCounted(HeldCode)
        /// Ask the ledger to hold the code, taking at most `limit` (what is still missing).
        case hold(limit: Yen)
    }

    /// The session's identifier.
    public let id: SessionID
    /// The program whose codes it takes.
    public let program: ProgramCode
    /// The program's kind.
    public let kind: ProgramKind
    /// The terminal it runs at.
    public let terminal: SiteCode
    /// The amount entered (購入金額).
    public let amount: Yen
    /// Idle time after which it expires, in seconds.
    public let idleSeconds: Int64
    /// The codes read, in order, each with what it gives (読取金額).
    public private(set) var lines: [HeldCode] = []
    /// Where it stands.
    public private(set) var state: State = .collecting
    /// When it was last used.
    public private(set) var lastActivity: Timestamp
    /// When it was opened.
    public let openedAt: Timestamp

    /// Opens a session after checking the amount against the program's rules.
    ///
    /// - Throws: ``LedgerError/amountNotPositive(_:)``, ``LedgerError/amountNotMultipleOfUnit(_:unit:)``,
    ///   ``LedgerError/amountOverMaximum(_:maximum:)``, ``LedgerError/programNotActive(_:from:until:)``.
    public init(
        id: SessionID,
        program: Program,
        terminal: SiteCode,
        amount: Yen,
        idleSeconds: Int64,
        now: Timestamp
    )
        throws(LedgerError)
    {
        try Self.checkAmount(amount, program: program)
        guard program.validFrom <= now, now < program.validUntil else {
            throw .programNotActive(program.code, from: program.validFrom, until: program.validUntil)
        }
        precondition(idleSeconds > 0, "a session's idle limit must be positive")
        self.id = id
        self.program = program.code
        kind = program.kind
        self.terminal = terminal
        self.amount = amount
        self.idleSeconds = idleSeconds
        lastActivity = now
        openedAt = now
    }

    /// Checks an amount against a program: more than 0, a multiple of the unit, at most the maximum.
    ///
    /// - Throws: the rule broken, with the rule in the message.
    public static func checkAmount(_ amount: Yen, program: Program) throws(LedgerError) {
        guard amount > .zero else { throw .amountNotPositive(amount) }
        guard amount.rawValue % program.unit.rawValue == 0 else {
            throw .amountNotMultipleOfUnit(amount, unit: program.unit)
        }
        guard amount <= program.maximumPerTransaction else {
            throw .amountOverMaximum(amount, maximum: program.maximumPerTransaction)
        }
    }

    /// The sum of what the codes read give.
    public var total: Yen { lines.reduce(.zero) { $0 + $1.amount } }

    /// What is still missing to reach the amount ("insufficient" while above 0).
    public var missing: Yen { amount - total }

    /// Whether the session is still open (collecting or complete).
    public var isOpen: Bool { state == .collecting || state == .complete }

    /// Whether it has been idle too long at `now`.
    public func isIdle(at now: Timestamp) -> Bool { isOpen && now >= lastActivity.adding(seconds: idleSeconds) }

    /// Expires the session if it has been idle too long; returns whether it did (its holds must be released).
    public mutating func expireIfIdle(now: Timestamp) -> Bool {
        guard isIdle(at: now) else { return false }
        state = .expired
        return true
    }

    /// Decides what a presented code means before the ledger is asked.
    ///
    /// - Throws: ``LedgerError/sessionExpired(_:)`` (the session expires now; release its holds),
    ///   ``LedgerError/invalidTransition(_:state:action:)`` unless collecting,
    ///   ``LedgerError/wrongProgram(_:session:)``.
    public mutating func present(_ code: CodeReference, now: Timestamp) throws(LedgerError) -> Presentation {
        try touch(now: now, action: "read a code", allowed: [.collecting])
        if let line = lines.first(where: { $0.code == code }) { return .alreadyCounted(line) }
        guard code.program == program else { throw .wrongProgram(code, session: program) }
        return .hold(limit: missing)
    }

    /// Adds the code the ledger now holds; completes the session when the total reaches the amount.
    ///
    /// - Throws: ``LedgerError/invalidTransition(_:state:action:)`` unless collecting,
    ///   ``LedgerError/voucherExceedsAmount(_:faceValue:missing:)`` when it would pass the amount.
    public mutating func accept(_ held: HeldCode, now: Timestamp) throws(LedgerError) {
        try touch(now: now, action: "add a code", allowed: [.collecting])
        guard held.amount > .zero, held.amount <= missing else {
            throw .voucherExceedsAmount(held.code, faceValue: held.amount, missing: missing)
        }
        guard !lines.contains(where: { $0.code == held.code }) else { return }
        lines.append(held)
        if missing == .zero { state = .complete }
    }

    /// "Settle what was read" (読み込み分だけ決済): completes with the total read so far.
    ///
    /// - Throws: ``LedgerError/nothingToSettle(_:)``, ``LedgerError/invalidTransition(_:state:action:)``,
    ///   ``LedgerError/sessionExpired(_:)``.
    public mutating func settle(now: Timestamp) throws(LedgerError) {
        try touch(now: now, action: "settle", allowed: [.collecting, .complete])
        guard !lines.isEmpty else { throw .nothingToSettle(id) }
        state = .complete
    }

    /// Checks the session may be confirmed now and returns its lines.
    ///
    /// - Throws: ``LedgerError/invalidTransition(_:state:action:)`` unless complete, ``LedgerError/sessionExpired(_:)``.
    public mutating func linesToConfirm(now: Timestamp) throws(LedgerError) -> [HeldCode] {
        try touch(now: now, action: "confirm", allowed: [.complete])
        return lines
    }

    /// Records the confirmation.
    ///
    /// - Throws: ``LedgerError/invalidTransition(_:state:action:)`` unless complete.
    public mutating func confirmed(as payment: PaymentID, now: Timestamp) throws(LedgerError) {
        guard state == .complete else {
            throw .invalidTransition(id, state: state.name, action: "record a confirmation")
        }
        state = .confirmed(payment)
        lastActivity = now
    }

    /// Aborts the session (決済中止); its holds must be released.
    ///
    /// - Throws: ``LedgerError/invalidTransition(_:state:action:)`` unless open, ``LedgerError/sessionExpired(_:)``.
    public mutating func abort(now: Timestamp) throws(LedgerError) {
        try touch(now: now, action: "abort", allowed: [.collecting, .complete])
        state = .aborted
    }

    private mutating func touch(now: Timestamp, action: String, allowed: [State]) throws(LedgerError) {
        if expireIfIdle(now: now) { throw .sessionExpired(id) }
        if state == .expired { throw .sessionExpired(id) }
        guard allowed.contains(state) else { throw .invalidTransition(id, state: state.name, action: action) }
        lastActivity = now
    }
}
