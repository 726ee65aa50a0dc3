internal import CSocketShim
import Foundation
import Kiosk

/// Bounds on what one client may cost the daemon.
struct ControlLimits: Equatable, Sendable {
    /// The longest request line accepted, newline excluded.
    var maximumLineBytes = 65_536
    /// Clients served at once; one more is told so and closed.
    var maximumClients = 32
    /// A client that sends nothing for this long is told so and closed (subscribers included).
    var idleTimeout: Duration = .seconds(600)
    /// Replies and events waiting for a slow client; past this it is closed.
    var maximumPendingOutputBytes = 4 << 20
    /// Connections one peer uid may hold at once, so one uid cannot take every slot.
    var maximumClientsPerUID = 8
    /// A connection that has not logged in is closed after this long without a complete request
    /// (bytes trickling in do not count), so idle or byte-a-second connections free their slots.
    var loginIdleTimeout: Duration = .seconds(10)
}

/// What the dispatcher knows about the client a request came from.
struct ClientContext: Sendable {
    /// The connection's number, unique for the daemon's lifetime.
    let connection: Int
    let peer: PeerCredentials
}

/// A reply line (without the newline) and what the server learns from it.
struct ControlAnswer: Sendable {
    /// The reply.
    let line: [UInt8]
    /// Whether the request was made under a valid login (or was one), so the connection counts
    /// as logged in and gets the longer idle limit.
    let loggedIn: Bool
}

/// Answers request lines, one reply each.
///
/// The server hands a connection's next line over only after the previous one was answered, so
/// replies keep the order of requests. `handle` returns at once and calls `done` exactly once,
/// from any queue, when the reply is ready: the handler decides where the work runs (the desk's
/// serial queue, or the hashing queue for passwords), never on Swift's cooperative pool, which
/// blocking ledger calls would starve.
protocol ControlHandler: Sendable {
    func handle(_ line: [UInt8], from client: ClientContext, done: @escaping @Sendable (ControlAnswer) -> Void)
    func disconnected(_ client: ClientContext)
}

/// The control socket: accepts clients allowed by peer credentials, reads bounded JSON lines and
/// writes one reply per request, in order, and pushes event lines to clients that ask for them.
///
/// All socket state lives on one serial queue. Each connection has at most one request with the
/// handler at a time; lines read meanwhile wait in the connection, and past
/// ``Connection/maximumQueuedLines`` kioskd stops reading from it until they are answered.
final class ControlServer: EventOutlet, @unchecked Sendable {
    // @unchecked: `connections`, `nextConnection`, `accepting` and every Connection are touched
    // only on `queue` (each entry point hops there; dispatchPrecondition checks it).
    let queue = DispatchQueue(label: "kioskd.control")
    private let listener: Int32
    private var limits: ControlLimits
    private var access: AccessPolicy
    private let handler: any ControlHandler
    private let logger: Logger
    private var acceptSource: (any DispatchSourceRead)?
    private var sweepTimer: (any DispatchSourceTimer)?
    private var connections: [Int: Connection] = [:]
    private var nextConnection = 1
    private var accepting = true

    init(listener: Int32, limits: ControlLimits, access: AccessPolicy, handler: any ControlHandler, logger: Logger) {
        self.listener = listener
        self.limits = limits
        self.access = access
        self.handler = handler
        self.logger = logger
    }

    /// Starts accepting clients.
    func start() {
        queue.async { [self] in
            _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
            let source = DispatchSource.makeReadSource(fileDescriptor: listener, queue: queue)
            source.setEventHandler { [weak self] in self?.acceptClients() }
            source.resume()
            acceptSource = source
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + 1, repeating: 1)
            timer.setEventHandler { [weak self] in self?.closeIdleClients() }
            timer.resume()
            sweepTimer = timer
        }
    }

    /// Stops accepting; tells every client the daemon is stopping and closes it.
    func stop() {
        queue.sync {
            accepting = false
            acceptSource?.cancel()
            sweepTimer?.cancel()
            for connection in connections.values {
                connection.sendError(.shuttingDown, id: nil)
                connection.close()
            }
            connections.removeAll()
        }
    }

    /// Writes the event lines waiting in `bus` to their subscribers' connections.
    func eventsPending(on bus: EventBus) {
        queue.async { [self] in
            for (number, lines) in bus.takePending() {
                guard let connection = connections[number] else { continue }
                for line in lines { connection.send(line) }
            }
        }
    }

    /// Closes a subscriber the bus dropped, with a log line saying why.
    func dropSubscriber(_ connection: Int, reason: String) {
        queue.async { [self] in
            guard let client = connections[connection] else { return }
            logger.warning("control socket: dropping event subscriber \(connection) (uid \(client.peer.uid)): \(reason); closing it")
            client.closeNow()
        }
    }

    func eventNotSent(_ name: String, reason: String) {
        logger.error("event '\(name)' not sent to subscribers: it could not be encoded: \(reason)")
    }

    var clientCount: Int { queue.sync { connections.count } }

    /// Applies a reloaded access list and limits to new clients (connected ones keep theirs).
    func update(access: AccessPolicy, limits: ControlLimits) {
        queue.async { [self] in
            self.access = access
            self.limits = limits
        }
    }

    private func acceptClients() {
        dispatchPrecondition(condition: .onQueue(queue))
        while accepting {
            let fd = CSocketShim_accept(listener)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno != EAGAIN { logger.warning("control socket: accept failed: \(String(cString: strerror(errno)))") }
                return
            }
            admit(fd)
        }
    }

    private func admit(_ fd: Int32) {
        guard let peer = PeerCredentials.of(socket: fd) else {
            logger.warning("control socket: could not read the peer's credentials; closing")
            Foundation.close(fd)
            return
        }
        let number = nextConnection
        nextConnection += 1
        let connection = Connection(
            fd: fd,
            number: number,
            peer: peer,
            limits: limits,
            queue: queue,
            logger: logger
        )
        guard access.allows(peer) else {
            logger.notice("control socket: refused uid \(peer.uid) gid \(peer.gid) (pid \(peer.pid)): not in [access]")
            connection.sendError(
                ControlError(code: "access_denied", message: "uid \(peer.uid) may not use kioskd; ask to be added to its access list."),
                id: nil
            )
            connection.close()
            return
        }
        let held = connections.values.filter { $0.peer.uid == peer.uid }.count
        guard held < limits.maximumClientsPerUID else {
            logger.warning("control socket: refused uid \(peer.uid): it already holds \(held) connections, its share")
            connection.sendError(.tooManyClients(uid: peer.uid, share: limits.maximumClientsPerUID), id: nil)
            connection.close()
            return
        }
        guard connections.count < limits.maximumClients || makeRoom(for: peer.uid, holding: held) else {
            logger.warning("control socket: refused uid \(peer.uid): already \(limits.maximumClients) clients")
            connection.sendError(.tooManyClients(limit: limits.maximumClients), id: nil)
            connection.close()
            return
        }
        connections[number] = connection
        logger.debug("control socket: client \(number) connected: uid \(peer.uid) gid \(peer.gid) pid \(peer.pid)")
        let context = ClientContext(connection: number, peer: peer)
        connection.start(
            onLine: { [weak self] in self?.pump(number, context) },
            onClose: { [weak self, weak connection] in
                // A request still with the handler reports the disconnect when it is answered.
                if connection?.awaitingReply != true { self?.handler.disconnected(context) }
                self?.connections[number] = nil
                self?.logger.debug("control socket: client \(number) disconnected")
            }
        )
    }

    /// Hands the connection's next waiting line to the handler unless one is with it already.
    private func pump(_ number: Int, _ context: ClientContext) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let connection = connections[number], !connection.awaitingReply, connection.closingSince == nil,
            let line = connection.nextLine()
        else { return }
        connection.awaitingReply = true
        handler.handle(line, from: context) { [weak self] answer in
            guard let server = self else { return }
            server.queue.async {
                guard let connection = server.connections[number] else {
                    server.handler.disconnected(context)  // it closed while its request was answered
                    return
                }
                connection.awaitingReply = false
                if answer.loggedIn { connection.loggedIn = true }
                connection.send(answer.line)
                connection.answered()
                server.pump(number, context)
                if connection.inputEnded && !connection.awaitingReply && connection.queuedCount == 0 {
                    connection.close()  // every request the client sent before shutting its side is answered
                }
            }
        }
    }

    /// Every connection is full: closes one that has not logged in and waits for nothing, of the
    /// uid holding the most connections, when that uid holds more than the newcomer's would
    /// (`holding` + 1). So while any uid has more than its fair part, a client of another uid
    /// (the POS, kioskctl) still gets in. Returns whether a slot was freed.
    private func makeRoom(for uid: UInt32, holding: Int) -> Bool {
        var counts: [UInt32: Int] = [:]
        for connection in connections.values { counts[connection.peer.uid, default: 0] += 1 }
        guard let (largest, count) = counts.max(by: { $0.value < $1.value }), count > holding + 1 else { return false }
        let candidates = connections.values.filter {
            $0.peer.uid == largest && !$0.loggedIn && !$0.awaitingReply && $0.queuedCount == 0
        }
        guard let victim = candidates.min(by: { $0.number < $1.number }) else { return false }
        logger.notice("control socket: closed client \(victim.number) of uid \(largest) (\(count) connections, not logged in) to let in uid \(uid)")
        victim.sendError(.evicted, id: nil)
        victim.closeNow()
        return true
    }

    private func closeIdleClients() {
        let now = ContinuousClock.now
        for connection in connections.values {
            if let since = connection.closingSince {
                if now - since > .seconds(5) { connection.closeNow() }  // its last words were never read
                continue
            }
            if connection.awaitingReply || connection.queuedCount > 0 { continue }  // it waits for us
            if !connection.loggedIn && now - connection.lastRequest > limits.loginIdleTimeout {
                connection.sendError(.loginIdleTimeout(seconds: Int(limits.loginIdleTimeout.components.seconds)), id: nil)
                connection.close()
            } else if now - connection.lastActivity > limits.idleTimeout {
                connection.sendError(.idleTimeout(seconds: Int(limits.idleTimeout.components.seconds)), id: nil)
                connection.close()
            }
        }
    }
}
