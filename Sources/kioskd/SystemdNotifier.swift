import Foundation

/// Tells systemd how the service is doing over `$NOTIFY_SOCKET`, without libsystemd.
///
/// Messages are datagrams of `KEY=value` lines (sd_notify(3)): `READY=1` once the camera, the
/// ledger and the socket are up, `STATUS=` for `systemctl status`, `WATCHDOG=1` while the loops
/// are alive, `STOPPING=1` on the way out. Without `$NOTIFY_SOCKET` (run by hand) every call
/// does nothing. An abstract socket is written with a leading `@`.
struct SystemdNotifier: Sendable {
    let socketPath: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The watchdog interval systemd expects pings at: half of `$WATCHDOG_USEC`, when it is for us.
    static func watchdogInterval(environment: [String: String], pid: Int32 = getpid()) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        if let owner = environment["WATCHDOG_PID"], Int32(owner) != pid { return nil }
        return .microseconds(microseconds / 2)
    }

    enum NotifyError: Error, Equatable, CustomStringConvertible {
        case pathTooLong(String)
        case system(operation: String, errno: Int32)

        /// What failed, for the log.
        var description: String {
            switch self {
            case .pathTooLong(let path): "the NOTIFY_SOCKET path is too long for a Unix socket: \(path)"
            case .system(let operation, let errno):
                "sending to systemd failed: \(operation): \(String(cString: strerror(errno)))"
            }
        }
    }

    /// Sends one notification datagram.
    func send(_ fields: [String]) throws(NotifyError) {
        guard let socketPath else { return }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { throw .pathTooLong(socketPath) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1))
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(operation: "socket", errno: errno) }
        defer { close(fd) }
        let message = Array(fields.joined(separator: "\n").utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                message.withUnsafeBytes { bytes in
                    // Never waits: the calls come from the desk queue, and a notify socket whose
                    // queue is full (systemd busy, 10 datagrams by default) would stall every
                    // request; a dropped ping is sent again at the next interval.
                    sendto(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), sockaddrPointer, length)
                }
            }
        }
        guard sent >= 0 else { throw .system(operation: "sendto", errno: errno) }
    }
}
