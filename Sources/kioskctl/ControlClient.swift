import Foundation
import KioskProtocol

/// A connection to kioskd's control socket: one JSON request line out, one reply line back.
final class ControlClient {
    static let defaultSocketPath = "/run/kioskd/control.sock"

    /// Why kioskd could not be reached; exit status 3.
    struct Unreachable: Error, CustomStringConvertible {
        let description: String
    }

    /// kioskd answered no: its error code and message; exit status 1.
    struct Refusal: Error, CustomStringConvertible {
        let code: String
        let message: String
        var description: String { "\(message) [\(code)]" }
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1
    /// The login token sent with every request, when there is one.
    var token: String?

    init(socketPath: String) throws(Unreachable) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Unreachable(description: "the socket path \(socketPath) is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Unreachable(description: "cannot create a socket") }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Unreachable(description: "cannot reach kioskd at \(socketPath): \(reason) (is it running? see --socket)")
        }
    }

    deinit { close(fd) }

    /// Sends one request and returns its result, read as the shape that request is answered with.
    ///
    /// - Throws: ``Refusal`` when kioskd refused it, ``Unreachable`` when kioskd cannot be reached
    ///   or its reply cannot be read.
    func call(_ request: ControlRequest) throws -> ControlResult {
        let line = ControlRequestLine(id: .number(Int64(nextID)), token: token, request: request)
        nextID += 1
        // kioskd may refuse the connection (access, client limit) and close before reading the
        // request; its one-line reason is still there to read, and it is the answer that matters.
        var sendFailure: Unreachable?
        do {
            try send(try line.encoded())
        } catch let error as Unreachable {
            sendFailure = error
        }
        let bytes: [UInt8]
        do { bytes = try readLine() } catch { throw sendFailure ?? error }
        let reply: ControlReplyLine
        do {
            reply = try ControlReplyLine.decode(bytes, answering: request)
        } catch {
            throw Unreachable(description: "kioskd's reply to \(request.operation.rawValue) cannot be read: \(error)")
        }
        switch reply.outcome {
        case .success(let result): return result
        case .failure(let error): throw Refusal(code: error.code, message: error.message)
        }
    }

    /// The next line kioskd sends after `events.subscribe`: an event, or its reason for closing.
    ///
    /// - Throws: ``Unreachable`` when the connection closed or the line cannot be read.
    func readEvent() throws(Unreachable) -> ControlEventLine {
        let bytes = try readLine()
        do {
            return try ControlEventLine.decode(bytes)
        } catch {
            throw Unreachable(description: "kioskd sent a line that is not an event: \(error)")
        }
    }

    private func send(_ data: Data) throws(Unreachable) {
        var bytes = Array(data)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw Unreachable(description: "kioskd closed the connection: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    private func readLine() throws(Unreachable) -> [UInt8] {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Unreachable(description: "kioskd closed the connection") }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
