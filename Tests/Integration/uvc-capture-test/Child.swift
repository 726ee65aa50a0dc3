import Glibc

/// A child process started with `posix_spawn`, its output going to a file or a pipe.
///
/// Not Foundation's `Process`: in the guest, its `waitUntilExit` now and then never returned for a
/// child that had already exited (seen with modprobe under TCG), hanging the test until the VM's
/// timeout. `waitpid` has no such race.
struct Child {
    /// The child's process id.
    let pid: pid_t

    /// Starts `path` with `arguments`, standard output and error going to `outputFD`.
    ///
    /// - Throws: ``ChildError`` when `posix_spawn` fails.
    init(_ path: String, _ arguments: [String], outputFD: CInt) throws(ChildError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 2)
        let words = [path] + arguments + ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
        let pointers = words.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        let environment = Array(pointers[(arguments.count + 1)...]) + [nil]
        var argv = Array(pointers[...arguments.count]) + [nil]
        var envp = environment
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, &argv, &envp)
        guard status == 0 else { throw ChildError(description: "cannot start \(path): \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    /// Waits for the child to end.
    ///
    /// - Returns: Its exit status, or 128 + the signal that ended it.
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Runs `path` to completion and collects what it wrote.
    ///
    /// - Returns: Its output and exit status.
    static func run(_ path: String, _ arguments: [String]) throws(ChildError) -> (output: String, status: Int32) {
        var ends: [CInt] = [0, 0]
        guard pipe(&ends) == 0 else { throw ChildError(description: "pipe: \(String(cString: strerror(errno)))") }
        let child: Child
        do throws(ChildError) {
            child = try Child(path, arguments, outputFD: ends[1])
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[1])
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output += chunk[0..<count]
        }
        close(ends[0])
        let status = child.wait()
        return (String(decoding: output, as: UTF8.self), status)
    }
}

/// A child process that could not be started.
struct ChildError: Error, CustomStringConvertible {
    /// What failed, for the test output.
    var description: String
}
