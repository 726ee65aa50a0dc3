import Glibc

/// Unix-domain sockets by path, for the tests' clients of kioskd's control socket and their
/// stand-ins for systemd's notify socket.
public enum UnixSocket {
    /// A new stream socket connected to `path`; `nil` when it cannot be (`errno` says why).
    public static func connected(to path: String) -> Int32? {
        open(Int32(SOCK_STREAM.rawValue), path) { fd, address, length in connect(fd, address, length) }
    }

    /// A new socket of `type` bound to `path`; `nil` when it cannot be (`errno` says why).
    public static func bound(to path: String, type: Int32) -> Int32? {
        open(type, path) { fd, address, length in bind(fd, address, length) }
    }

    private static func open(
        _ type: Int32,
        _ path: String,
        _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32
    ) -> Int32? {
        var address = sockaddr_un()
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        let fd = socket(AF_UNIX, type, 0)
        guard fd >= 0 else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + 1)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(fd, $0, length) }
        }
        guard result == 0 else {
            let failure = errno
            close(fd)
            errno = failure
            return nil
        }
        return fd
    }
}
