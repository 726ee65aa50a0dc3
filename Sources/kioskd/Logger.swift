import Foundation

/// How much a log line matters, as systemd's journal reads it from a `<N>` prefix (sd-daemon(3)).
enum LogPriority: Int, Comparable, Sendable {
    case error = 3
    case warning = 4
    case notice = 5
    case info = 6
    case debug = 7

    static func < (lhs: LogPriority, rhs: LogPriority) -> Bool { lhs.rawValue > rhs.rawValue }
}

/// Writes one whole line per event to stderr with the journal's priority prefix.
///
/// A line is written with a single `write(2)`, so lines from different threads never interleave.
/// Newlines inside a message are escaped: one event stays one line. Secrets are never passed here.
struct Logger: Sendable {
    let threshold: LogPriority
    let output: Int32

    init(threshold: LogPriority = .info, output: Int32 = STDERR_FILENO) {
        self.threshold = threshold
        self.output = output
    }

    /// The line as written, without the trailing newline; separated out for tests.
    static func format(_ priority: LogPriority, _ message: String) -> String {
        let flat = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        return "<\(priority.rawValue)>\(flat)"
    }

    func log(_ priority: LogPriority, _ message: String) {
        guard priority >= threshold else { return }
        var line = Array(Logger.format(priority, message).utf8)
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(output, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // stderr is gone: nothing else to tell
                }
                offset += written
            }
        }
    }

    func error(_ message: String) { log(.error, message) }
    func warning(_ message: String) { log(.warning, message) }
    func notice(_ message: String) { log(.notice, message) }
    func info(_ message: String) { log(.info, message) }
    func debug(_ message: String) { log(.debug, message) }
}
