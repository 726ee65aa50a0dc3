import CaptureV4L2
import Foundation
import Kiosk

/// What happens at the counter, told to event subscribers and the customer display: a session's
/// new state and its payment, a code the camera read (into the session collecting, which the desk
/// chooses, or a balance inquiry for the customer), sessions that timed out, the customer's
/// buttons on the display.
///
/// Made before the camera and the control dispatcher, so the camera hands its codes straight to
/// it and the dispatcher owns no camera path. Everything here runs on the desk queue.
final class CounterFeed: Sendable {
    let desk: RedemptionDesk
    let terminal: SiteCode
    let deskQueue: DispatchQueue
    let events: EventBus
    let logger: Logger
    /// The customer display's state, when `[display]` is on.
    let display: DisplayFeed?
    /// The zone the display shows expiry dates in.
    let timeZone: LedgerTimeZone

    init(
        desk: RedemptionDesk,
        terminal: SiteCode,
        deskQueue: DispatchQueue,
        events: EventBus,
        logger: Logger,
        display: DisplayFeed?,
        timeZone: LedgerTimeZone
    ) {
        self.desk = desk
        self.terminal = terminal
        self.deskQueue = deskQueue
        self.events = events
        self.logger = logger
        self.display = display
        self.timeZone = timeZone
    }

    /// Tells subscribers and the display of the session's new state, and of the payment when the
    /// step confirmed it; returns the session's view for a reply.
    @discardableResult
    func published(_ session: RedemptionSession, paid payment: Payment? = nil, arrived: Date? = nil) -> SessionView {
        let view = SessionView(session)
        events.publish(.session(view))
        display?.update(eventTime: arrived) { $0.sessionChanged(session, now: $1) }
        if let payment {
            logger.notice("payment \(payment.id) confirmed automatically: \(payment.amount) in session \(session.id)")
            events.publish(.payment(PaymentView(payment)))
        }
        return view
    }

    /// A code the camera saw: presented to the session collecting at this terminal, if any; with
    /// none, and a customer display on, the code's balance is shown to the customer (held nowhere).
    func scanned(_ event: ScanEvent) {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        let arrived = Date()
        events.publish(.scan(ScanView(event)))
        read(event.text ?? "", arrived: arrived)
    }

    /// A scanned code's text, at the desk: into the collecting session, or a balance inquiry.
    ///
    /// - Parameter arrived: When the scan reached the desk (the display's latency starts there).
    func read(_ text: String, arrived: Date) {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        switch desk.presentScanned(text, at: terminal, now: .now()) {
        case .noSessionCollecting:
            logger.info("scanned a code with no session collecting")
            if display != nil { showBalance(of: text, arrived: arrived) }
        case .presented(let session, let line, let payment):
            logger.info("session \(session.id): scanned \(line.code), total \(session.total) of \(session.amount)")
            published(session, paid: payment, arrived: arrived)
        case .refused(let session, let error):
            logger.info("session \(session): scanned code refused: \(error.code)")
            events.publish(.scanRefused(ScanRefusalView(session: session.description, code: error.code, message: error.message)))
            if case .sessionExpired = error {
                sessionsExpired([session])  // it timed out just now: the screen says so, not "refused"
            } else {
                display?.update(eventTime: arrived) { $0.refused(error, now: $1) }
            }
        }
    }

    /// The customer's balance inquiry: a code read while no session collects.
    private func showBalance(of text: String, arrived: Date) {
        do throws(LedgerError) {
            let balance = try desk.inquire(.scanned(text), terminal: terminal, by: .system, now: .now())
            var until: Timestamp
            if let expiry = balance.expiry { until = expiry } else { until = try desk.ledger.program(balance.code.program).validUntil }
            let lastDay = timeZone.localDate(of: until.adding(microseconds: -1))
            display?.update(eventTime: arrived) { $0.balance(balance, expiry: lastDay, now: $1) }
        } catch {
            logger.info("balance inquiry of a scanned code refused: \(error.code)")
            display?.update(eventTime: arrived) { $0.refused(error, now: $1) }
        }
    }

    /// Sessions the housekeeping expired: the display shows "timed out" if one was on screen.
    func sessionsExpired(_ ids: [SessionID]) {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        guard let display else { return }
        for id in ids {
            do throws(LedgerError) {
                let session = try desk.session(id, now: .now())
                display.update { $0.sessionChanged(session, now: $1) }
            } catch {
                logger.info("session \(id) expired and is already forgotten: \(error.code)")
            }
        }
    }

    /// Who the audit log names for a touch button on the customer display.
    var displayPrincipal: Principal { Principal(name: "customer display", role: .staff, terminal: terminal) }

    /// A touch button on the customer display: settles or cancels the session the customer saw
    /// under `visit`, if it is still this terminal's open session.
    func customerAction(_ action: DisplayRoute.Action, visit: Int) -> DisplayActionOutcome {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        guard let session = display?.session(forVisit: visit) else {
            return .refused("the screen no longer shows that session")
        }
        let now = Timestamp.now()
        do throws(LedgerError) {
            switch action {
            case .settle:
                let settled = try desk.settle(session, by: displayPrincipal, now: now)
                let payment: Payment? =
                    if case .confirmed(let paymentID) = settled.state { try desk.ledger.payment(paymentID) } else { nil }
                logger.notice("session \(session) settled at \(settled.total) by the customer on the display")
                published(settled, paid: payment)
            case .cancel:
                let aborted = try desk.abort(session, now: now)
                logger.notice("session \(session) cancelled by the customer on the display")
                published(aborted)
            }
            return .done
        } catch {
            logger.info("session \(session): \(action.rawValue) from the display refused: \(error.code)")
            return .refused(error.code)
        }
    }
}
