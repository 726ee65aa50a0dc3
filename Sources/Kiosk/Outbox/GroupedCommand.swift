internal import CSpawnShim
import Foundation

/// A command run as the leader of its own process group, with a clean signal state and a time
/// limit that ends the whole group.
///
/// kioskd blocks and ignores signals for its own reasons (dispatch's threads block most of them),
/// and a child started with Foundation's `Process` inherits that: a notification command's
/// children showed SIGTERM blocked, so nothing could stop them politely, and they outlived the
/// command. Here the command starts with an empty signal mask and default dispositions, in a
/// group of its own; at the time limit the group gets SIGTERM, then SIGKILL after a grace; and
/// whatever the command leaves behind in its group when it exits is ended the same way.
///
/// ``run(stdin:stderr:)`` blocks its caller until the command and its group are done (at most
/// the time limit plus twice the grace): call it off any queue that answers requests.
public struct GroupedCommand: Sendable {
    /// The executable (an absolute path) and its arguments.
    public let arguments: [String]
    /// How long the command may run before its group is ended and the run counted as failed.
    public let timeout: Duration
    /// How long SIGTERM is given to work before SIGKILL.
    public let grace: Duration

    /// How one run ended.
    public enum Outcome: Hashable, Sendable {
        /// The command exited with this status.
        case exited(Int32)
        /// The command was ended by this signal (not by us).
        case signalled(Int32)
        /// The time limit passed; the group was ended.
        case timedOut
    }

    /// A command; `arguments[0]` must be an absolute path.
    public init(arguments: [String], timeout: Duration, grace: Duration = .seconds(2)) {
        precondition(!arguments.isEmpty && arguments[0].hasPrefix("/"), "a command needs an absolute path")
        self.arguments = arguments
        self.timeout = timeout
        self.grace = grace
    }

    /// Runs the command with `stdin` and `stderr` as its standard input and error (its output
    /// goes to /dev/null); `started` learns its pid, which is also its process group id.
    ///
    /// - Throws: ``CommandError`` when the command cannot be started.
    public func run(stdin: Int32, stderr: Int32, started: (Int32) -> Void = { _ in }) throws(CommandError) -> Outcome {
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard null >= 0 else { throw CommandError(command: arguments[0], errno: errno) }
        defer { close(null) }
        let pid = try spawn(stdin: stdin, stdout: null, stderr: stderr)
        started(pid)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = reap(pid) {
                endGroup(pid)  // anything the command left behind in its group
                return status
            }
            if ContinuousClock.now >= deadline { break }
            usleep(20_000)
        }
        endGroup(pid)
        while reap(pid) == nil { usleep(20_000) }  // SIGKILL was sent to the group; this is short
        return .timedOut
    }

    /// Sends SIGTERM to the group, then SIGKILL after the grace if any member is still there.
    ///
    /// The group's id cannot be reused by another process while the leader is unreaped or any
    /// member lives, so the signals reach only the command's own processes.
    func endGroup(_ group: Int32) {
        guard kill(-group, SIGTERM) == 0 else { return }  // ESRCH: nothing left in the group
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if !Self.groupHasLiveMembers(group) { return }
            usleep(20_000)
        }
        _ = kill(-group, SIGKILL)
    }

    /// Whether a process other than a zombie is in the group (zombies await a parent's wait and
    /// hold nothing).
    public static func groupHasLiveMembers(_ group: Int32) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm) ": state ppid pgrp ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group { return true }
        }
        return false
    }

    private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws(CommandError) -> Int32 {
        // Unsafe: argv is a NULL-terminated array of C strings that lives until posix_spawn returns.
        var cStrings = arguments.map { strdup($0) }
        defer { for pointer in cStrings { free(pointer) } }
        cStrings.append(nil)
        var pid: pid_t = 0
        let status = cStrings.withUnsafeMutableBufferPointer { argv in
            CSpawnShim_spawn(arguments[0], argv.baseAddress, stdin, stdout, stderr, &pid)
        }
        guard status == 0 else { throw CommandError(command: arguments[0], errno: status) }
        return pid
    }

    /// The command's end if it has ended (and it is reaped), else `nil`.
    private func reap(_ pid: Int32) -> Outcome? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == 0 { return nil }
            if result < 0 {
                if errno == EINTR { continue }
                return .signalled(0)  // ECHILD: someone else reaped it; it is gone
            }
            break
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// A command that could not be started, with the system's reason.
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The executable.
    public let command: String
    /// The errno value posix_spawn or open gave.
    public let errno: Int32

    /// "cannot run /usr/local/bin/notify: No such file or directory".
    public var description: String { "cannot run \(command): \(String(cString: strerror(errno)))" }
}
