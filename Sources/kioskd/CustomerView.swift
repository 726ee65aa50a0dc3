import Kiosk

/// What this terminal's customer display shows: a state machine fed with the desk's events and `now`.
///
/// Screens: idle (how to pay); a balance (a code read with no session collecting: its worth and
/// expiry, nothing held); collecting (the amount, each code read with its value, the running total,
/// what is missing); done (the amount and the payment number); cancelled or timed out. A refused
/// code shows its reason over any of them for a few seconds. The screens that end by themselves
/// go back to idle at ``tick(now:)``; ``nextDeadline`` says when one is due.
///
/// Encoded, it is exactly what the page receives, so it holds nothing private: a code appears as
/// its program and the last four digits of its serial; no session id, account, token or payload.
/// The session on screen is named by ``visit``, a number that grows with each session shown, and
/// the touch buttons send it back so they act only on the session the customer saw.
struct CustomerView<C: Clock>: Encodable where C.Duration == Duration {
    /// A sound the page plays for the change that made this state.
    enum Cue: String, Sendable, Encodable {
        /// A code was read (into the session, or for a balance).
        case read
        /// A code was refused.
        case refused
        /// The payment is done.
        case done
    }

    /// One code read in the session, as the customer sees it.
    struct Line: Sendable, Equatable, Encodable {
        /// The program and the serial's last four digits, such as "KMTPREMIUM …0123".
        let code: String
        /// What it gives to this payment, in yen.
        let amount: Int64
    }

    /// A balance inquiry's answer, as the customer sees it.
    struct Balance: Sendable, Equatable, Encodable {
        /// The program and the serial's last four digits.
        let code: String
        /// What the code is worth now, in yen.
        let balance: Int64
        /// Whether it is a paper voucher already spent.
        let spent: Bool
        /// The last day it can be used (local date, `YYYY-MM-DD`), if known.
        let expiry: String?
    }

    private struct Figures: Equatable {
        let session: SessionID
        let program: String
        let amount: Yen
        let total: Yen
        let lines: [Line]
        let complete: Bool
    }

    private enum Ending: String { case cancelled, expired }

    private enum Screen: Equatable {
        case idle
        case balance(Balance, until: C.Instant)
        case collecting(Figures)
        case done(session: SessionID, amount: Yen, payment: String, until: C.Instant)
        case ended(Ending, until: C.Instant)
    }

    /// How long each screen that ends by itself stays.
    let timing: CustomerTiming
    /// Whether the page offers settle and cancel buttons.
    let customerActions: Bool
    private var screen = Screen.idle
    private var notice: (refusal: CustomerRefusal, until: C.Instant)?
    /// The number of the session shown (or last shown); grows by one for each new session.
    private(set) var visit = 0
    /// The sound for the change that made this state; `nil` after a change that makes none.
    private(set) var cue: Cue?

    /// An idle display.
    init(timing: CustomerTiming = CustomerTiming(), customerActions: Bool) {
        self.timing = timing
        self.customerActions = customerActions
    }

    /// A session at this terminal changed (opened, a code read, settled, confirmed, aborted, expired).
    mutating func sessionChanged(_ session: RedemptionSession, now: C.Instant) {
        switch session.state {
        case .collecting, .complete:
            let figures = Figures(
                session: session.id,
                program: session.program.description,
                amount: session.amount,
                total: session.total,
                lines: session.lines.map { Line(code: Self.masked($0.code), amount: $0.amount.rawValue) },
                complete: session.state == .complete
            )
            if case .collecting(let shown) = screen, shown.session == session.id {
                cue = figures.lines.count > shown.lines.count ? .read : nil
            } else {
                visit += 1
                cue = figures.lines.isEmpty ? nil : .read
            }
            if cue == .read { notice = nil }
            screen = .collecting(figures)
        case .confirmed(let payment):
            showDone(session: session.id, amount: session.total, payment: payment.description, now: now)
        case .aborted, .expired:
            // Only the session on screen ends on screen; an older one ending changes nothing.
            guard case .collecting(let shown) = screen, shown.session == session.id else { return }
            screen = .ended(session.state == .aborted ? .cancelled : .expired, until: now.advanced(by: timing.ended))
            notice = nil
            cue = nil
        }
    }

    /// A payment was confirmed (by the kiosk itself, a POS or an operator).
    mutating func paid(_ payment: Payment, now: C.Instant) {
        showDone(session: payment.session, amount: payment.amount, payment: payment.id.description, now: now)
    }

    private mutating func showDone(session: SessionID, amount: Yen, payment: String, now: C.Instant) {
        switch screen {
        case .done(let shown, _, _, _) where shown == session:
            cue = nil  // the session event and the payment event tell the same payment
        case .collecting(let shown) where shown.session == session:
            screen = .done(session: session, amount: amount, payment: payment, until: now.advanced(by: timing.done))
            notice = nil
            cue = .done
        default:
            cue = nil  // a payment of a session not on screen (confirmed late by an operator)
        }
    }

    /// A code held under the camera was refused.
    mutating func refused(_ error: LedgerError, now: C.Instant) {
        notice = (CustomerRefusal(error), now.advanced(by: timing.refusal))
        cue = .refused
        switch screen {
        case .balance, .done, .ended: screen = .idle  // a new code: the last one's answer goes
        case .idle, .collecting: break
        }
    }

    /// A code read with no session collecting: its balance, for the customer (it holds nothing).
    ///
    /// - Parameters:
    ///   - balance: The ledger's answer.
    ///   - expiry: The last day the code can be used, in the kiosk's time zone.
    ///   - now: The current instant.
    mutating func balance(_ balance: CodeBalance, expiry: LocalDate?, now: C.Instant) {
        if case .collecting = screen {
            cue = nil  // a session opened meanwhile: the screen is its now
            return
        }
        let shown = Balance(
            code: Self.masked(balance.code),
            balance: balance.balance.rawValue,
            spent: balance.voucherState == .spent,
            expiry: expiry?.description
        )
        screen = .balance(shown, until: now.advanced(by: timing.balance))
        notice = nil
        cue = .read
    }

    /// Ends the screens and the refusal whose time is up; returns whether anything changed.
    mutating func tick(now: C.Instant) -> Bool {
        var changed = false
        if let notice, now >= notice.until {
            self.notice = nil
            changed = true
        }
        switch screen {
        case .balance(_, let until), .done(_, _, _, let until), .ended(_, let until):
            if now >= until {
                screen = .idle
                changed = true
            }
        case .idle, .collecting: break
        }
        if changed { cue = nil }
        return changed
    }

    /// When ``tick(now:)`` next has something to end, if anything.
    var nextDeadline: C.Instant? {
        let screenDeadline: C.Instant? =
            switch screen {
            case .balance(_, let until), .done(_, _, _, let until), .ended(_, let until): until
            case .idle, .collecting: nil
            }
        switch (screenDeadline, notice?.until) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    /// The session a touch button made under `visit` may act on: the one on screen while it
    /// collects (or waits for a confirm), and only if the customer saw that one.
    func session(forVisit visit: Int) -> SessionID? {
        guard visit == self.visit, case .collecting(let shown) = screen else { return nil }
        return shown.session
    }

    /// A code as the page may show it: the program and the last four digits of the serial.
    static func masked(_ code: CodeReference) -> String {
        let serial: Int64
        switch code {
        case .voucher(_, let number), .eTicket(_, let number): serial = number
        }
        let digits = String(serial % 10_000)
        return "\(code.program) …" + String(repeating: "0", count: 4 - digits.count) + digits
    }

    private enum CodingKeys: String, CodingKey {
        case screen, visit, cue, program, amount, total, missing, lines, payment, balance, notice, settle, cancel
    }

    /// Encodes what the page shows; see the page's script for the fields each screen uses.
    func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(visit, forKey: .visit)
        try fields.encodeIfPresent(cue, forKey: .cue)
        try fields.encodeIfPresent(notice?.refusal, forKey: .notice)
        var settle = false
        var cancel = false
        switch screen {
        case .idle:
            try fields.encode("idle", forKey: .screen)
        case .balance(let balance, _):
            try fields.encode("balance", forKey: .screen)
            try fields.encode(balance, forKey: .balance)
        case .collecting(let figures):
            try fields.encode(figures.complete ? "complete" : "collecting", forKey: .screen)
            try fields.encode(figures.program, forKey: .program)
            try fields.encode(figures.amount.rawValue, forKey: .amount)
            try fields.encode(figures.total.rawValue, forKey: .total)
            try fields.encode((figures.amount - figures.total).rawValue, forKey: .missing)
            try fields.encode(figures.lines, forKey: .lines)
            settle = customerActions && !figures.complete && !figures.lines.isEmpty
            cancel = customerActions
        case .done(_, let amount, let payment, _):
            try fields.encode("done", forKey: .screen)
            try fields.encode(amount.rawValue, forKey: .amount)
            try fields.encode(payment, forKey: .payment)
        case .ended(let ending, _):
            try fields.encode(ending.rawValue, forKey: .screen)
        }
        try fields.encode(settle, forKey: .settle)
        try fields.encode(cancel, forKey: .cancel)
    }
}
