import Foundation

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

    /// Sends one request and returns its `result` object.
    func call(_ op: String, _ fields: [String: Any] = [:]) throws -> Any {
        var request = fields
        request["op"] = op
        request["id"] = nextID
        nextID += 1
        if let token, request["token"] == nil { request["token"] = token }
        // kioskd may refuse the connection (access, client limit) and close before reading the
        // request; its one-line reason is still there to read, and it is the answer that matters.
        var sendFailure: Unreachable?
        do { try send(JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])) } catch let error as Unreachable {
            sendFailure = error
        }
        let reply: [String: Any]
        do { reply = try readObject() } catch { throw sendFailure ?? error }
        if reply["ok"] as? Bool == true { return reply["result"] ?? NSNull() }
        let error = reply["error"] as? [String: Any]
        throw Refusal(code: error?["code"] as? String ?? "unknown", message: error?["message"] as? String ?? "refused")
    }

    /// The next line kioskd sends (a reply or, after `events.subscribe`, an event).
    func readObject() throws -> [String: Any] {
        let line = try readLine()
        guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            throw Unreachable(description: "kioskd sent something that is not a JSON object")
        }
        return object
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
