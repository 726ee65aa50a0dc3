import CaptureV4L2
import Foundation
import Kiosk
import Synchronization

/// Turns request lines into desk calls and replies, and keeps who subscribed to events.
///
/// Desk and ledger calls block (SQLite fsyncs), so they run on the desk's own serial queue, never
/// on Swift's cooperative pool or the control socket's queue. Requests that hash a password
/// (login, password change, account creation and reset: about 40 ms each) run on the hashing
/// queue instead, so a flood of logins never holds up `status` or sessions.
final class ControlDispatcher: ControlHandler {
    let desk: RedemptionDesk
    let accounts: AccountDesk
    let camera: CameraService
    let exports: ExportJobs
    let terminal: SiteCode
    let deskQueue: DispatchQueue
    /// Where password hashing runs, fairly between peer uids.
    let hashing: HashingQueue
    let status: StatusReporter
    let events: EventBus
    let logger: Logger
    /// What the counter sees, told to subscribers and the customer display.
    let counter: CounterFeed
    /// The customer display's state, when `[display]` is on.
    var display: DisplayFeed? { counter.display }
    /// The token each connection logged in with, so later requests on it need not repeat it.
    let boundTokens = Mutex<[Int: String]>([:])

    init(
        desk: RedemptionDesk,
        accounts: AccountDesk,
        camera: CameraService,
        exports: ExportJobs,
        terminal: SiteCode,
        deskQueue: DispatchQueue,
        hashing: HashingQueue = HashingQueue(),
        events: EventBus,
        logger: Logger,
        status: StatusReporter,
        counter: CounterFeed
    ) {
        self.desk = desk
        self.accounts = accounts
        self.camera = camera
        self.exports = exports
        self.terminal = terminal
        self.deskQueue = deskQueue
        self.hashing = hashing
        self.events = events
        self.logger = logger
        self.status = status
        self.counter = counter
    }

    func handle(_ line: [UInt8], from client: ClientContext, done: @escaping @Sendable (ControlAnswer) -> Void) {
        let (id, sentToken, decoded) = ControlRequest.decode(line)
        switch decoded {
        case .failure(let error):
            logger.info("client \(client.connection) (uid \(client.peer.uid)): refused request: \(error.code)")
            done(ControlAnswer(line: ControlReply.failure(id: id, error).line, loggedIn: false))
        case .success(let request):
            let token = sentToken ?? boundTokens.withLock { $0[client.connection] }
            switch request {
            case .login, .changePassword, .createAccount, .resetPassword:
                hashing.submit(peer: client.peer.uid) { [self] in
                    done(answer(performAccountRequest(request, id: id, token: token, client: client)))
                }
            default:
                deskQueue.async { [self] in
                    done(answer(perform(request, id: id, token: token, client: client)))
                }
            }
        }
    }

    private func answer(_ reply: (ControlReply, Bool)) -> ControlAnswer {
        ControlAnswer(line: reply.0.line, loggedIn: reply.1)
    }

    func disconnected(_ client: ClientContext) {
        events.unsubscribe(client.connection)
        _ = boundTokens.withLock { $0.removeValue(forKey: client.connection) }
    }

    /// Runs one request on the desk queue: checks the login and the role, then does it; says
    /// whether it was made under a valid login.
    func perform(_ request: ControlRequest, id: RequestID?, token: String?, client: ClientContext) -> (ControlReply, Bool) {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        let now = Timestamp.now()
        let principal: Principal
        do throws(AccountError) {
            switch request {
            case .status:
                return (.success(id: id, .status(status.report())), false)
            case .login, .logout, .changePassword, .createAccount, .resetPassword, .listAccounts, .setAccountDisabled:
                return try (performAccount(request, id: id, token: token, client: client, now: now), true)
            default:
                let permission = request.permission ?? .sessions
                principal = try accounts.authorize(
                    token,
                    for: permission,
                    action: "use \(request.operation.rawValue)",
                    terminal: terminal,
                    now: now
                )
                var withUID = principal
                withUID.peerUID = client.peer.uid
                return (performDesk(request, id: id, principal: withUID, client: client, now: now), true)
            }
        } catch {
            logger.info("client \(client.connection) (uid \(client.peer.uid)): \(request.operation.rawValue) refused: \(error.code)")
            return (.failure(id: id, ControlError(code: error.code, message: error.message)), false)
        }
    }

    /// Runs a request that hashes a password, on the hashing queue (off the desk).
    func performAccountRequest(_ request: ControlRequest, id: RequestID?, token: String?, client: ClientContext) -> (ControlReply, Bool) {
        do throws(AccountError) {
            return (try performAccount(request, id: id, token: token, client: client, now: .now()), true)
        } catch {
            logger.info("client \(client.connection) (uid \(client.peer.uid)): \(request.operation.rawValue) refused: \(error.code)")
            return (.failure(id: id, ControlError(code: error.code, message: error.message)), false)
        }
    }

    /// Login, logout, passwords and accounts.
    private func performAccount(
        _ request: ControlRequest,
        id: RequestID?,
        token: String?,
        client: ClientContext,
        now: Timestamp
    ) throws(AccountError) -> ControlReply {
        switch request {
        case .login(let name, let password):
            let result = try accounts.login(name: name, password: password, peerUID: client.peer.uid, now: now)
            boundTokens.withLock { $0[client.connection] = result.token }
            logger.notice("\(result.name) (\(result.role.rawValue)) logged in from uid \(client.peer.uid)")
            return .success(id: id, .login(LoginView(result)))
        case .logout:
            guard let token, accounts.logout(token: token) else { throw .notLoggedIn }
            boundTokens.withLock { $0[client.connection] = nil }
            return .success(id: id, .loggedOut(LoggedOutView()))
        case .changePassword(let current, let new):
            try accounts.changePassword(token: token, current: current, new: new, now: now)
            return .success(id: id, .passwordChanged(PasswordChangedView()))
        case .createAccount(let name, let role, let initial):
            let principal = try authorized(token, .accounts, "create accounts", client: client, now: now)
            try accounts.createAccount(name: name, role: role, initialPassword: initial, by: principal, now: now)
            logger.notice("account \(name) (\(role.rawValue)) created by \(principal.name)")
            return .success(id: id, .accountCreated(AccountCreatedView(created: name)))
        case .resetPassword(let name, let initial):
            let principal = try authorized(token, .accounts, "reset passwords", client: client, now: now)
            try accounts.resetPassword(of: name, initialPassword: initial, by: principal, now: now)
            logger.notice("password of \(name) reset by \(principal.name)")
            return .success(id: id, .accountReset(AccountResetView(reset: name)))
        case .listAccounts:
            _ = try authorized(token, .accounts, "list accounts", client: client, now: now)
            return .success(id: id, .accounts(try accounts.listAccounts(now: now).map(AccountView.init)))
        case .setAccountDisabled(let name, let disabled):
            let principal = try authorized(token, .accounts, disabled ? "disable accounts" : "enable accounts", client: client, now: now)
            try accounts.setDisabled(name, disabled, by: principal, now: now)
            logger.notice("account \(name) \(disabled ? "disabled" : "enabled") by \(principal.name)")
            return .success(id: id, .accountSwitched(AccountSwitchedView(name: name, disabled: disabled)))
        default:
            throw .forbidden(role: .staff, action: request.operation.rawValue)
        }
    }

    private func authorized(
        _ token: String?,
        _ permission: Permission,
        _ action: String,
        client: ClientContext,
        now: Timestamp
    ) throws(AccountError) -> Principal {
        var principal = try accounts.authorize(token, for: permission, action: action, terminal: terminal, now: now)
        principal.peerUID = client.peer.uid
        return principal
    }

    /// Sessions, balance and events, as an authorized principal.
    private func performDesk(
        _ request: ControlRequest,
        id: RequestID?,
        principal: Principal,
        client: ClientContext,
        now: Timestamp
    ) -> ControlReply {
        do throws(LedgerError) {
            switch request {
            case .status, .login, .logout, .changePassword, .createAccount, .resetPassword, .listAccounts, .setAccountDisabled:
                return .failure(id: id, .unknownOperation(request.operation.rawValue))
            case .createSite, .listSites, .changeSite:
                return try performSites(request, id: id, principal: principal, now: now)
            case .findPayments, .refundPreview, .refund, .listPrograms, .createProgram, .issueVouchers, .issueETicket, .voucherSheet, .verifyAudit, .auditHead, .checkLedger,
                .outboxStatus, .cameraStatus, .cameraRestart, .cameraList, .usageReport, .dailyTotals, .monthlyTotals, .salesSummary,
                .settlementList, .exportRequest, .exportStatus, .exportFetch:
                guard let reply = try performLedger(request, id: id, principal: principal, now: now) else {
                    return .failure(id: id, .unknownOperation(request.operation.rawValue))
                }
                return reply
            case .subscribe:
                events.subscribe(client.connection)
                return .success(id: id, .subscribed(SubscribedView()))
            case .openSession(let program, let amount):
                let session = try desk.open(program: program, amount: amount, terminal: terminal, now: now)
                logger.info("session \(session.id) opened: \(program) \(amount) by \(principal.name) (uid \(client.peer.uid))")
                return .success(id: id, .session(counter.published(session)))
            case .present(let session, let code):
                let result = try desk.present(code, to: session, by: principal, now: now)
                return .success(id: id, .session(counter.published(result.session, paid: result.payment)))
            case .sessionStatus(let session):
                do throws(LedgerError) {
                    return .success(id: id, .session(SessionView(try desk.session(session, now: now))))
                } catch .unknownSession {
                    // After a restart the POS can still learn the outcome: paid with the session's own key, or gone.
                    return .success(id: id, .session(SessionView(paidIn: try desk.outcome(ofGone: session))))
                }
            case .listSessions:
                return .success(id: id, .sessions(desk.openSessions().map(SessionView.init)))
            case .settle(let session):
                let settled = try desk.settle(session, by: principal, now: now)
                let payment: Payment? =
                    if case .confirmed(let paymentID) = settled.state { try desk.ledger.payment(paymentID) } else { nil }
                return .success(id: id, .session(counter.published(settled, paid: payment)))
            case .abort(let session):
                return .success(id: id, .session(counter.published(try desk.abort(session, now: now))))
            case .confirm(let session, let key):
                // A repeat (the session already confirmed, or gone after its payment) answers the same
                // payment; only a new payment is logged as confirmed and told to subscribers.
                var open = false
                do throws(LedgerError) {
                    let state = try desk.session(session, now: now).state
                    open = state == .collecting || state == .complete
                } catch {
                    open = false  // unknown or gone: the confirm below answers the payment or refuses
                }
                let payment = try desk.confirm(session, idempotencyKey: key, by: principal, now: now)
                let view = PaymentView(payment)
                guard open else {
                    logger.info("payment \(payment.id) of session \(session) given again to \(principal.name): confirmed before")
                    return .success(id: id, .payment(view))
                }
                logger.notice("payment \(payment.id) confirmed: \(payment.amount) in session \(session) by \(principal.name) (uid \(client.peer.uid))")
                events.publish(.payment(view))
                display?.update { $0.paid(payment, now: $1) }
                return .success(id: id, .payment(view))
            case .balance(let code):
                return .success(id: id, .balance(BalanceView(try desk.inquire(code, terminal: terminal, by: principal, now: now))))
            }
        } catch {
            logger.info("client \(client.connection) (uid \(client.peer.uid)): refused: \(error.code): \(error.message)")
            return .failure(id: id, ControlError(code: error.code, message: error.message))
        }
    }

}
