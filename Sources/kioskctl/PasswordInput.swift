import Foundation

/// Passwords for kioskctl: read from a file descriptor (scripts), or typed at the terminal with
/// echo off. Never taken from the command line, where other users could see them in `ps`.
struct PasswordInput {
    private var lines: [String]?

    /// Reads every line of `fd` at once when given (one password per line, in the order asked).
    init(fd: Int32?) throws {
        guard let fd else { return }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw UsageError("cannot read passwords from fd \(fd): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    }

    /// The next password: the next line of the descriptor, or typed after `prompt` without echo.
    mutating func next(_ prompt: String) throws -> String {
        if lines != nil {
            guard let line = lines?.first, !line.isEmpty else {
                throw UsageError("the password descriptor ran out of lines (\(prompt.lowercased()))")
            }
            lines?.removeFirst()
            return line
        }
        return try Self.typed(prompt)
    }

    private static func typed(_ prompt: String) throws -> String {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { throw UsageError("no terminal to type a password at; use --password-fd N") }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { throw UsageError("cannot turn off echo on the terminal") }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        // Echo goes off before the prompt shows: TCSAFLUSH drops what was typed before it, so a
        // password typed as soon as the prompt appears is neither echoed nor lost.
        tcsetattr(tty, TCSAFLUSH, &quiet)
        _ = Array("\(prompt): ".utf8).withUnsafeBytes { write(tty, $0.baseAddress, $0.count) }
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            _ = write(tty, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != 10 { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
