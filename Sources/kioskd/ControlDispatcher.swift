import CaptureV4L2
import Foundation
import Kiosk
import Synchronization

/// Turns request lines into desk calls and replies, and keeps who subscribed to events.
///
/// Desk and ledger calls block (SQLite fsyncs), so they run on the desk's own serial queue, never
/// on Swift's cooperative pool or the control socket's queue.
final class ControlDispatcher: ControlHandler {
    let desk: RedemptionDesk
    let terminal: SiteCode
    let deskQueue: DispatchQueue
    let status: StatusReporter
    let events: EventBus
    let logger: Logger

    init(
        desk: RedemptionDesk,
        terminal: SiteCode,
        deskQueue: DispatchQueue,
        events: EventBus,
        logger: Logger,
        status: StatusReporter
    ) {
        self.desk = desk
        self.terminal = terminal
        self.deskQueue = deskQueue
        self.events = events
        self.logger = logger
        self.status = status
    }

    var queue: DispatchQueue { deskQueue }

    func reply(to line: [UInt8], from client: ClientContext) -> [UInt8] {
        let (id, decoded) = ControlRequest.decode(line)
        switch decoded {
        case .failure(let error):
            logger.info("client \(client.connection) (uid \(client.peer.uid)): refused request: \(error.code)")
            return ControlReply.failure(id: id, error).line
        case .success(let request):
            if request == .subscribe {
                events.subscribe(client.connection)
                return ControlReply.success(id: id, Subscribed(subscribed: true)).line
            }
            return perform(request, id: id, client: client).line
        }
    }

    func disconnected(_ client: ClientContext) {
        events.unsubscribe(client.connection)
    }

    struct Subscribed: Encodable { let subscribed: Bool }

    /// Runs one request on the desk queue.
    func perform(_ request: ControlRequest, id: RequestID?, client: ClientContext) -> ControlReply {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        let now = Timestamp.now()
        let principal = Principal(name: "uid:\(client.peer.uid)", role: .staff, peerUID: client.peer.uid, terminal: terminal)
        do throws(LedgerError) {
            switch request {
            case .status:
                return .success(id: id, status.report())
            case .subscribe:
                return .success(id: id, Subscribed(subscribed: true))
            case .openSession(let program, let amount):
                let session = try desk.open(program: program, amount: amount, terminal: terminal, now: now)
                logger.info("session \(session.id) opened: \(program) \(amount) by uid \(client.peer.uid)")
                return published(id: id, session)
            case .present(let session, let code):
                let result = try desk.present(code, to: session, now: now)
                return published(id: id, result.session)
            case .sessionStatus(let session):
                return .success(id: id, SessionView(try desk.session(session, now: now)))
            case .settle(let session):
                return published(id: id, try desk.settle(session, now: now))
            case .abort(let session):
                return published(id: id, try desk.abort(session, now: now))
            case .confirm(let session, let key):
                let payment = try desk.confirm(session, idempotencyKey: key, by: principal, now: now)
                logger.notice("payment \(payment.id) confirmed: \(payment.amount) in session \(session) by uid \(client.peer.uid)")
                let view = PaymentView(payment)
                events.publish(kind: "payment", view)
                return .success(id: id, view)
            case .balance(let code):
                return .success(id: id, BalanceView(try desk.inquire(code, terminal: terminal, now: now)))
            }
        } catch {
            logger.info("client \(client.connection) (uid \(client.peer.uid)): refused: \(error.code): \(error.message)")
            return .failure(id: id, ControlError(code: error.code, message: error.message))
        }
    }

    /// A code the camera saw: presented to the session collecting at this terminal, if any.
    func scanned(_ event: ScanEvent) {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        let text = event.text ?? ""
        events.publish(kind: "scan", ScanView(event))
        guard let session = desk.openSessions().last(where: { $0.terminal == terminal && $0.state == .collecting }) else {
            logger.info("scanned a code with no session collecting")
            return
        }
        do throws(LedgerError) {
            let result = try desk.present(.scanned(text), to: session.id, now: .now())
            logger.info("session \(session.id): scanned \(result.line.code), total \(result.session.total) of \(result.session.amount)")
            events.publish(kind: "session", SessionView(result.session))
        } catch {
            logger.info("session \(session.id): scanned code refused: \(error.code)")
            events.publish(kind: "scan_refused", ScanRefusal(session: session.id.description, code: error.code, message: error.message))
        }
    }

    struct ScanRefusal: Encodable {
        let session: String
        let code: String
        let message: String
    }

    /// A scan as subscribers see it.
    struct ScanView: Encodable {
        let text: String?
        let payloadHex: String
        let symbol: String
        let inverted: Bool
        let mirrored: Bool
        let latencyMilliseconds: Double
        let corners: [[Double]]

        init(_ event: ScanEvent) {
            text = event.text
            payloadHex = event.payload.map { String(format: "%02x", $0) }.joined()
            symbol = event.symbol
            inverted = event.inverted
            mirrored = event.mirrored
            latencyMilliseconds = Double(event.latency.components.seconds) * 1000 + Double(event.latency.components.attoseconds) / 1e15
            corners = event.corners
        }

        enum CodingKeys: String, CodingKey {
            case text, symbol, inverted, mirrored, corners
            case payloadHex = "payload_hex"
            case latencyMilliseconds = "latency_ms"
        }
    }

    private func published(id: RequestID?, _ session: RedemptionSession) -> ControlReply {
        let view = SessionView(session)
        events.publish(kind: "session", view)
        return .success(id: id, view)
    }
}
