import Foundation
import Kiosk

/// One client of the control socket: its descriptor, read buffer and pending output.
///
/// Touched only on the server's queue.
final class Connection {
    let fd: Int32
    let number: Int
    let peer: PeerCredentials
    private let limits: ControlLimits
    private let queue: DispatchQueue
    private let logger: Logger
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var writeSourceActive = false
    private var input: [UInt8] = []
    private var output: [UInt8] = []
    private var closing = false
    private var readSuspended = false
    private var closed = false
    private var onClose: (() -> Void)?
    private(set) var lastActivity = ContinuousClock.now
    /// When the last complete request arrived or the last reply left (the connection's start
    /// at first): what the shorter idle limit of a connection not logged in counts from.
    private(set) var lastRequest = ContinuousClock.now
    /// Lines read and not yet handed to the handler, oldest first.
    private var queuedLines: [[UInt8]] = []
    private var queuedStart = 0
    /// Whether reading stopped because ``maximumQueuedLines`` lines wait.
    private var readPaused = false
    /// Whether the client shut its sending side with requests still unanswered.
    private(set) var inputEnded = false
    /// Whether a request of this connection is with the handler now.
    var awaitingReply = false
    /// Whether a request of this connection was made under a valid login.
    var loggedIn = false

    /// Lines a connection may have waiting for their turn before kioskd stops reading from it (a
    /// client pipelining requests then waits in its own send buffer, not in kioskd's memory).
    static let maximumQueuedLines = 256

    init(fd: Int32, number: Int, peer: PeerCredentials, limits: ControlLimits, queue: DispatchQueue, logger: Logger) {
        self.fd = fd
        self.number = number
        self.peer = peer
        self.limits = limits
        self.queue = queue
        self.logger = logger
    }

    /// The oldest line waiting for its turn, taken off the queue.
    func nextLine() -> [UInt8]? {
        guard queuedStart < queuedLines.count else { return nil }
        let line = queuedLines[queuedStart]
        queuedStart += 1
        if queuedStart == queuedLines.count {
            queuedLines.removeAll(keepingCapacity: true)
            queuedStart = 0
        }
        return line
    }

    /// Lines waiting for their turn.
    var queuedCount: Int { queuedLines.count - queuedStart }

    /// A reply was sent: the connection is active, and reading resumes once few lines wait.
    func answered() {
        lastActivity = ContinuousClock.now
        lastRequest = lastActivity
        if readPaused, !inputEnded, queuedCount < Self.maximumQueuedLines / 2, !closing {
            readPaused = false
            readSuspended = false
            readSource?.resume()  // level-triggered: bytes already waiting wake it at once
        }
    }

    /// Starts reading; `onLine` is told each time a line joins the queue (take it with ``nextLine()``).
    func start(onLine: @escaping () -> Void, onClose: @escaping () -> Void) {
        self.onClose = onClose
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in self?.readAvailable(onLine: onLine) }
        // The descriptor is closed only once dispatch has let go of it.
        let fd = self.fd
        source.setCancelHandler { _ = Foundation.close(fd) }
        source.resume()
        readSource = source
    }

    private func readAvailable(onLine: () -> Void) {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while !closing && !readPaused {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count == 0 {
                if awaitingReply || queuedCount > 0 {
                    // The client sent its last request and shut its side: answer what it sent, then close.
                    inputEnded = true
                    readPaused = true
                    readSuspended = true
                    readSource?.suspend()
                    return
                }
                close()
                return
            }
            if count < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN { close() }
                return
            }
            lastActivity = ContinuousClock.now
            input.append(contentsOf: chunk[0..<count])
            while let newline = input.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(input[..<newline])
                input.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if line.count > limits.maximumLineBytes {
                    refuseLongLine()
                    return
                }
                if !line.isEmpty {
                    lastRequest = ContinuousClock.now
                    queuedLines.append(line)
                    onLine()
                }
            }
            if queuedCount >= Self.maximumQueuedLines && !readPaused && !closing {
                readPaused = true
                readSuspended = true
                readSource?.suspend()
            }
            if input.count > limits.maximumLineBytes {
                refuseLongLine()
                return
            }
        }
    }

    private func refuseLongLine() {
        logger.notice("control socket: client \(number) sent a line over \(limits.maximumLineBytes) bytes; closing")
        sendError(.lineTooLong(limit: limits.maximumLineBytes), id: nil)
        close()
    }

    /// Queues a line (a newline is added) and writes as much as the socket takes now.
    func send(_ line: [UInt8]) {
        guard !closed else { return }
        output.append(contentsOf: line)
        output.append(UInt8(ascii: "\n"))
        if output.count > limits.maximumPendingOutputBytes {
            logger.warning("control socket: client \(number) is not reading its replies; closing")
            output.removeAll()
            finishClose()
            return
        }
        flush()
    }

    func sendError(_ error: ControlError, id: RequestID?) {
        send(ControlReply.failure(id: id, error).line)
    }

    private func flush() {
        while !output.isEmpty {
            let sent = output.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    armWriteSource()
                    return
                }
                output.removeAll()
                finishClose()
                return
            }
            output.removeFirst(sent)
        }
        if writeSourceActive {
            writeSource?.suspend()
            writeSourceActive = false
        }
        if closing { finishClose() }
    }

    private func armWriteSource() {
        if writeSource == nil {
            let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [weak self] in self?.flush() }
            writeSource = source
        }
        if !writeSourceActive {
            writeSource?.resume()
            writeSourceActive = true
        }
    }

    /// When ``close()`` began waiting for pending output to be written, if it did.
    private(set) var closingSince: ContinuousClock.Instant?

    /// Closes at once, dropping any output not yet written (a client that does not read).
    func closeNow() {
        output.removeAll()
        finishClose()
    }

    /// Closes once pending output is written (or at once if the client has gone).
    func close() {
        guard !closing else { return }
        closing = true
        closingSince = ContinuousClock.now
        if output.isEmpty {
            finishClose()
        } else {
            if !readSuspended { readSource?.suspend() }  // read nothing more; write what is pending first
            readSuspended = true
            flush()
        }
    }

    private func finishClose() {
        guard !closed else { return }
        closed = true
        closing = true
        if let writeSource {
            if !writeSourceActive { writeSource.resume() }
            writeSource.cancel()
        }
        if let readSource {
            if readSuspended { readSource.resume() }
            readSource.cancel()  // its cancel handler closes the descriptor
        } else {
            _ = Foundation.close(fd)
        }
        onClose?()
        onClose = nil
    }
}
