import Synchronization

/// The one door for codes and sessions: reads codes, runs sessions, holds and confirms through the ledger.
///
/// A scanned payload and a typed code enter here alike; once read and checked they are the same
/// ``CodeReference``. Thread-safe: one lock orders every call (the ledger orders its own writes too).
public final class RedemptionDesk: Sendable {
    private struct State: Sendable {
        var sessions = SessionBook()
        /// When closed sessions are next forgotten.
        var nextSweep = Timestamp(rawValue: .min)
    }

    /// The ledger behind the desk.
    public let ledger: any Ledger
    /// The codec with the programs' keys now loaded (SIGHUP replaces them: ``replaceCodec(_:)``).
    public var codec: VoucherCodec { keys.withLock { $0 } }
    private let keys: Mutex<VoucherCodec>
    /// Idle time after which an open session expires, in seconds.
    public let idleSeconds: Int64
    /// The limit on wrong typed codes per terminal and per login.
    public let limiter: TypedCodeLimiter
    /// Who confirms a complete session.
    public let confirmation: ConfirmationPolicy
    private let state: Mutex<State>

    /// A desk over a ledger.
    ///
    /// - Parameters:
    ///   - ledger: Where codes are held and payments recorded.
    ///   - codec: Reads and checks codes.
    ///   - idleSeconds: Idle time before an open session expires (default 120 s).
    ///   - limiter: The limit on wrong typed codes per terminal and per login; the failures it
    ///     counts are kept in the ledger.
    ///   - confirmation: Who confirms a complete session (default: a `session.confirm` request).
    public init(
        ledger: any Ledger,
        codec: VoucherCodec,
        idleSeconds: Int64 = 120,
        limiter: TypedCodeLimiter = .init(),
        confirmation: ConfirmationPolicy = .operator
    ) {
        precondition(idleSeconds > 0, "idle limit must be positive")
        self.ledger = ledger
        keys = Mutex(codec)
        self.idleSeconds = idleSeconds
        self.limiter = limiter
        self.confirmation = confirmation
        state = Mutex(State())
    }

    /// Replaces the programs' keys (the secrets file read again): a new program's codes read from
    /// now on, a removed program's are refused. Sessions already open keep their codes.
    public func replaceCodec(_ codec: VoucherCodec) {
        keys.withLock { $0 = codec }
    }

    /// Opens a session at a terminal for an amount of a program.
    ///
    /// - Throws: ``LedgerError/unknownProgram(_:)``, ``LedgerError/unknownSite(kind:code:)``,
    ///   ``LedgerError/noKeyForProgram(_:)``, ``LedgerError/sessionAlreadyOpen(terminal:session:)``, and the amount rules.
    public func open(
        program code: ProgramCode,
        amount: Yen,
        terminal: SiteCode,
        now: Timestamp
    ) throws(LedgerError)
        -> RedemptionSession
    {
        let program = try ledger.program(code)
        try ledger.checkOpenForSessions(terminal)
        // Without the program's secret every code of it would be refused: say so now, not at each code.
        guard codec.hasKey(for: code) else { throw .noKeyForProgram(code) }
        let session = try RedemptionSession(
            id: SessionID.random(),
            program: program,
            terminal: terminal,
            amount: amount,
            idleSeconds: idleSeconds,
            now: now
        )
        try withState { (state: inout State) throws(LedgerError) in
            // One open session per terminal: every scan at the counter goes to it, so a second one
            // would take codes meant for the first. An idle one expires here first.
            if var open = state.sessions.openSession(at: terminal) {
                guard open.expireIfIdle(now: now) else { throw .sessionAlreadyOpen(terminal: terminal, session: open.id) }
                try ledger.releaseHolds(session: open.id)
                state.sessions[open.id] = open
            }
            // Forget closed sessions after an hour; they were kept only for status queries. The
            // sweep runs at most once a minute, not on every open.
            if state.nextSweep <= now {
                state.sessions.forgetClosed(idleFor: 3600, now: now)
                state.nextSweep = now.adding(seconds: 60)
            }
            state.sessions[session.id] = session
        }
        return session
    }

    /// A session's current state (an idle one expires here and releases its codes).
    ///
    /// - Throws: ``LedgerError/unknownSession(_:)``.
    public func session(_ id: SessionID, now: Timestamp) throws(LedgerError) -> RedemptionSession {
        try withSession(id) { (session: inout RedemptionSession) throws(LedgerError) in
            if session.expireIfIdle(now: now) { try ledger.releaseHolds(session: id) }
            return session
        }
    }

    /// Every open session.
    public func openSessions() -> [RedemptionSession] {
        state.withLock { $0.sessions.open.values.sorted { $0.openedAt < $1.openedAt } }
    }

    /// Reads a code for a session: checks it, holds it in the ledger, adds it.
    ///
    /// The same code again counts once. Returns the session after the code, the line it gave and,
    /// when the code completed a session its program confirms automatically, the payment made in
    /// the same step. A typed code counts against the typed-code limit of the session's terminal
    /// and of `principal`.
    ///
    /// - Throws: any code error, ``LedgerError/typedCodeRateLimited(scope:until:)``, the ledger's hold
    ///   refusals, ``LedgerError/sessionExpired(_:)``, ``LedgerError/invalidTransition(_:state:action:)``,
    ///   and the confirm's errors when it confirms automatically (the session then stays complete).
    public func present(
        _ input: CodeInput,
        to id: SessionID,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) -> (
        session: RedemptionSession, line: HeldCode, payment: Payment?
    ) {
        try withState { (state: inout State) throws(LedgerError) in
            guard var session = state.sessions[id] else { throw .unknownSession(id) }
            defer { state.sessions[id] = session }
            let code = try read(input, terminal: session.terminal, by: principal, now: now)
            let presentation: RedemptionSession.Presentation
            do throws(LedgerError) {
                presentation = try session.present(code, now: now)
            } catch {
                if session.state == .expired { try ledger.releaseHolds(session: id) }
                throw error
            }
            switch presentation {
            case .alreadyCounted(let line):
                return (session, line, nil)
            case .hold(let limit):
                let held = try ledger.hold(code, session: id, terminal: session.terminal, limit: limit, now: now)
                do throws(LedgerError) {
                    try session.accept(held, now: now)
                } catch {
                    try ledger.releaseHolds(session: id)  // cannot happen: the ledger kept to the limit
                    throw error
                }
                let payment = try confirmIfAutomatic(&session, by: principal, now: now)
                return (session, held, payment)
            }
        }
    }

    /// Presents a code the camera at `terminal` read to the session collecting there, the only
    /// session a scan can belong to (a terminal has at most one open).
    ///
    /// - Parameters:
    ///   - payload: The QR payload as read.
    ///   - terminal: The camera's terminal.
    ///   - now: The time of the reading.
    /// - Returns: Where the code went, or why the session refused it; never throws, since a
    ///   refusal belongs to the session and the counter shows it.
    public func presentScanned(_ payload: String, at terminal: SiteCode, now: Timestamp) -> ScanOutcome {
        guard let session = collectingSession(at: terminal) else { return .noSessionCollecting }
        do throws(LedgerError) {
            let result = try present(.scanned(payload), to: session, by: .system, now: now)
            return .presented(session: result.session, line: result.line, payment: result.payment)
        } catch {
            return .refused(session, error)
        }
    }

    /// The session collecting at a terminal, where the camera's codes go: choosing it is the
    /// desk's, and a terminal has at most one open session. `nil` when none collects.
    public func collectingSession(at terminal: SiteCode) -> SessionID? {
        state.withLock { state in
            state.sessions.openSession(at: terminal).flatMap { $0.state == .collecting ? $0.id : nil }
        }
    }

    /// Confirms a session that has just become complete when its program is confirmed
    /// automatically, with the session's own key (so a repeat or a restart pays once).
    private func confirmIfAutomatic(
        _ session: inout RedemptionSession,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) -> Payment? {
        guard session.state == .complete, confirmation.mode(for: session.program) == .automatic else { return nil }
        return try confirmLocked(&session, idempotencyKey: session.id.confirmationKey, by: principal, now: now)
    }

    /// "Settle what was read": completes the session with the total read.
    ///
    /// - Throws: ``LedgerError/nothingToSettle(_:)``, ``LedgerError/invalidTransition(_:state:action:)``,
    ///   ``LedgerError/sessionExpired(_:)``, ``LedgerError/unknownSession(_:)``.
    public func settle(_ id: SessionID, by principal: Principal, now: Timestamp) throws(LedgerError) -> RedemptionSession {
        try withSession(id) { (session: inout RedemptionSession) throws(LedgerError) in
            do throws(LedgerError) {
                try session.settle(now: now)
            } catch {
                if session.state == .expired { try ledger.releaseHolds(session: id) }
                throw error
            }
            _ = try confirmIfAutomatic(&session, by: principal, now: now)
            return session
        }
    }

    /// Confirms a complete session as one ledger transaction.
    ///
    /// A retry with the same key returns the same payment, even after the session is gone. Without
    /// a key, the session's own (``SessionID/confirmationKey``), the one the automatic confirm uses.
    ///
    /// - Throws: ``LedgerError/invalidTransition(_:state:action:)`` unless complete, ``LedgerError/holdLost(_:)``,
    ///   ``LedgerError/idempotencyKeyReused(_:)``, ``LedgerError/sessionExpired(_:)``, ``LedgerError/unknownSession(_:)``.
    public func confirm(
        _ id: SessionID,
        idempotencyKey: IdempotencyKey? = nil,
        by principal: Principal,
        now: Timestamp
    )
        throws(LedgerError) -> Payment
    {
        let key = idempotencyKey ?? id.confirmationKey
        do throws(LedgerError) {
            return try withSession(id) { (session: inout RedemptionSession) throws(LedgerError) -> Payment in
                try confirmLocked(&session, idempotencyKey: key, by: principal, now: now)
            }
        } catch {
            // A session that cannot confirm may already have: a retry after a confirmation (the
            // session done, expired or forgotten) answers with its payment; a key another
            // session used is refused. Only these refusals look, so a confirm costs one lookup.
            switch error {
            case .unknownSession, .invalidTransition, .sessionExpired:
                if let payment = try ledger.payment(idempotencyKey: key) {
                    guard payment.session == id else { throw .idempotencyKeyReused(key) }
                    return payment
                }
            default: break
            }
            throw error
        }
    }

    /// The confirm itself, under the desk's lock.
    private func confirmLocked(
        _ session: inout RedemptionSession,
        idempotencyKey: IdempotencyKey,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) -> Payment {
        let lines: [HeldCode]
        do throws(LedgerError) {
            lines = try session.linesToConfirm(now: now)
        } catch {
            if session.state == .expired { try ledger.releaseHolds(session: session.id) }
            throw error
        }
        // The ledger answers a key it has already seen inside the confirm's own transaction.
        let payment = try ledger.confirm(
            ConfirmRequest(
                idempotencyKey: idempotencyKey,
                session: session.id,
                program: session.program,
                requested: session.amount,
                lines: lines,
                terminal: session.terminal,
                principal: principal,
                now: now
            )
        )
        try session.confirmed(as: payment.id, now: now)
        return payment
    }

    /// What became of a session the desk no longer knows (kioskd restarted, or it closed long
    /// ago): the payment made in it with its own key, if any.
    ///
    /// - Throws: ``LedgerError/sessionGone(_:)`` when nothing was paid in it.
    public func outcome(ofGone id: SessionID) throws(LedgerError) -> Payment {
        guard let payment = try ledger.payment(idempotencyKey: id.confirmationKey), payment.session == id else {
            throw .sessionGone(id)
        }
        return payment
    }

    /// Aborts a session and releases its codes.
    ///
    /// The session is aborted only once its codes are released: if the ledger cannot release
    /// them (a shared ledger out of reach), the session stays open and the abort can be repeated,
    /// so no code stays held for a session that is gone.
    ///
    /// - Throws: ``LedgerError/invalidTransition(_:state:action:)`` unless open, ``LedgerError/unknownSession(_:)``.
    public func abort(_ id: SessionID, now: Timestamp) throws(LedgerError) -> RedemptionSession {
        try withSession(id) { (session: inout RedemptionSession) throws(LedgerError) in
            var aborted = session
            do throws(LedgerError) {
                try aborted.abort(now: now)
            } catch {
                session = aborted
                if session.state == .expired { try ledger.releaseHolds(session: id) }
                throw error
            }
            try ledger.releaseHolds(session: id)
            session = aborted
            return session
        }
    }

    /// Expires every session idle at `now` and releases its codes; returns their ids.
    public func expireIdle(now: Timestamp) throws(LedgerError) -> [SessionID] {
        try withState { (state: inout State) throws(LedgerError) -> [SessionID] in
            var expired: [SessionID] = []
            // A session expires once its codes are released; one the ledger could not release
            // them for is tried again at the next call.
            for (id, var session) in state.sessions.open where session.expireIfIdle(now: now) {
                try ledger.releaseHolds(session: id)
                state.sessions[id] = session
                expired.append(id)
            }
            return expired
        }
    }

    /// Balance inquiry (残高照会): reads a code and shows its state and balance without holding it.
    ///
    /// A typed code counts against the typed-code limit of `terminal` and of `principal`.
    ///
    /// - Throws: any code error, ``LedgerError/typedCodeRateLimited(scope:until:)``, ``LedgerError/unknownCode(_:)``.
    public func inquire(
        _ input: CodeInput,
        terminal: SiteCode,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) -> CodeBalance {
        let code = try withState { (_: inout State) throws(LedgerError) in
            try read(input, terminal: terminal, by: principal, now: now)
        }
        return try ledger.balance(of: code)
    }

    /// Reads a code; a typed one only while its terminal and login are not locked, and a wrong one
    /// is recorded in the ledger before it is refused. Called under the desk's lock, so two typed
    /// codes never race past the same count.
    private func read(
        _ input: CodeInput,
        terminal: SiteCode,
        by principal: Principal,
        now: Timestamp
    )
        throws(LedgerError) -> CodeReference
    {
        switch input {
        case .scanned(let payload):
            return try codec.read(scanned: payload, now: now)
        case .typed(let digits):
            let recent = try ledger.typedCodeFailures(
                terminal: terminal,
                login: principal.name,
                since: now.adding(seconds: -limiter.lookbackSeconds)
            )
            try limiter.check(terminal: terminal, login: principal.name, failures: recent, now: now)
            do throws(LedgerError) {
                return try codec.read(typed: digits, now: now)
            } catch {
                if TypedCodeLimiter.counts(error) {
                    try ledger.recordTypedCodeFailure(TypedCodeFailure(at: now, terminal: terminal, login: principal.name))
                }
                throw error
            }
        }
    }

    private func withState<T: Sendable>(_ body: (inout State) throws(LedgerError) -> T) throws(LedgerError) -> T {
        try state.withLock { (state: inout State) throws(LedgerError) -> T in try body(&state) }
    }

    private func withSession<T: Sendable>(
        _ id: SessionID,
        _ body: (inout RedemptionSession) throws(LedgerError) -> T
    )
        throws(LedgerError) -> T
    {
        try withState { (state: inout State) throws(LedgerError) -> T in
            guard var session = state.sessions[id] else { throw .unknownSession(id) }
            defer { state.sessions[id] = session }
            return try body(&session)
        }
    }
}
