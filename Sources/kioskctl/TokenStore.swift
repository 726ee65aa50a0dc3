import Foundation

/// Where kioskctl keeps the login token between calls: one file per control socket in
/// `$XDG_RUNTIME_DIR/kioskctl/` (or `/tmp/kioskctl-UID/` when that is unset), mode 0600 in a
/// 0700 directory of the user's own, so only the user who logged in can use it.
struct TokenStore {
    let file: String

    init(socketPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base = environment["XDG_RUNTIME_DIR"].map { $0 + "/kioskctl" } ?? "/tmp/kioskctl-\(getuid())"
        let name = socketPath.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        file = base + "/" + String(name) + ".token"
    }

    /// The stored token, when one is there and safely owned.
    func load() -> String? {
        var info = stat()
        guard stat(file, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 == 0 else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    /// Stores a token, replacing any older one.
    func save(_ token: String) throws {
        let directory = (file as NSString).deletingLastPathComponent
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw UsageError("cannot create \(directory) for the login token: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard stat(directory, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 == 0 else {
            throw UsageError("\(directory) is not a private directory of this user; not storing the login token there")
        }
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw UsageError("cannot write \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array((token + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw UsageError("cannot write \(file): \(String(cString: strerror(errno)))")
        }
    }

    /// Forgets the token.
    func remove() { unlink(file) }
}
