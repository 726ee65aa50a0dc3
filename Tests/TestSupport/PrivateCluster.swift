import Foundation

/// A PostgreSQL cluster of a test's own (scripts/postgresql-cluster.sh in a temporary directory),
/// for tests that stop and restart the server; stopped and removed on deinit.
///
/// Needs the PostgreSQL server package (scripts/setup.sh installs it): ``isAvailable``.
public final class PrivateCluster {
    public let directory: String
    public let conninfo: String

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/postgresql-cluster.sh").path

    /// Whether the PostgreSQL server's programs are installed.
    public static var isAvailable: Bool {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
    }

    public init() throws {
        directory = "/tmp/kiosk-pg-\(UUID().uuidString.prefix(8))"
        conninfo = try Self.run("start", directory).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        _ = try? Self.run("stop", directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    public func stop() throws { _ = try Self.run("stop", directory) }
    public func start() throws { _ = try Self.run("start", directory) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the cluster script and waits for it. (posix_spawn and waitpid, not Foundation's
    /// Process: the server the script starts outlives it, which Process's exit monitoring did
    /// not always notice.)
    @discardableResult
    static func run(_ action: String, _ directory: String) throws -> String {
        let output = directory + ".out"
        let command = "bash '\(script)' \(action) '\(directory)' > '\(output)'"
        var pid: pid_t = 0
        let arguments = ["/bin/bash", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run postgresql-cluster.sh: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        defer { try? FileManager.default.removeItem(atPath: output) }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Failure(description: "postgresql-cluster.sh \(action) failed with wait status \(status)")
        }
        return text
    }
}
