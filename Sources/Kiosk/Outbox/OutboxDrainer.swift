import Foundation

/// Delivers outbox events by running a configured command with the event's JSON on stdin.
///
/// At least once: an event is marked delivered only after the command exits 0, so a crash between
/// the command and the mark runs it again (the command must tolerate duplicates; the event's
/// payment id makes that easy). A failure is kept on the event (attempts, last error) and retried
/// with exponential backoff; ``Ledger/failingOutboxEvents(limit:)`` shows them to operators.
public struct OutboxDrainer: Sendable {
    /// What one pass did.
    public struct Report: Hashable, Sendable {
        /// Events whose command exited 0.
        public var delivered: [Int64] = []
        /// Events whose command failed, with the reason.
        public var failed: [Int64: String] = [:]
    }

    /// The ledger whose outbox is drained.
    public let ledger: any Ledger
    /// The command: an absolute executable path and its arguments.
    public let command: [String]
    /// Delay after the first failure, doubled after each further one.
    public let baseDelaySeconds: Int64
    /// The longest delay between attempts.
    public let maximumDelaySeconds: Int64
    /// How long the command may run before it is killed and counted as failed.
    public let timeoutSeconds: Double

    /// A drainer running `command` (absolute path first).
    public init(
        ledger: any Ledger,
        command: [String],
        baseDelaySeconds: Int64 = 5,
        maximumDelaySeconds: Int64 = 3600,
        timeoutSeconds: Double = 30
    ) {
        precondition(!command.isEmpty && command[0].hasPrefix("/"), "the notification command needs an absolute path")
        precondition(baseDelaySeconds > 0 && maximumDelaySeconds >= baseDelaySeconds, "backoff must be positive")
        self.ledger = ledger
        self.command = command
        self.baseDelaySeconds = baseDelaySeconds
        self.maximumDelaySeconds = maximumDelaySeconds
        self.timeoutSeconds = timeoutSeconds
    }

    /// The delay before the next attempt after `attempts` failures (1, 2, ...).
    public func delay(afterFailures attempts: Int) -> Int64 {
        let exponent = min(max(attempts - 1, 0), 40)
        let delay = baseDelaySeconds.multipliedReportingOverflow(by: Int64(1) << Int64(exponent))
        return delay.overflow ? maximumDelaySeconds : min(delay.partialValue, maximumDelaySeconds)
    }

    /// Runs the command once for every event due at `now`, oldest first, and records each outcome.
    ///
    /// Blocks while the commands run (each up to the timeout): kioskd calls it on a queue of its
    /// own, never on the desk's. `started` learns each command's pid (its process group id).
    ///
    /// - Throws: a ledger error when the outcome cannot be recorded (the event is then retried later).
    public func drainOnce(
        now: Timestamp,
        limit: Int = 100,
        started: (Int32) -> Void = { _ in }
    ) throws(LedgerError) -> Report {
        var report = Report()
        for event in try ledger.dueOutboxEvents(now: now, limit: limit) {
            if let failure = run(payload: event.payload, started: started) {
                try ledger.markOutboxFailed(
                    event.id,
                    error: failure,
                    retryAt: now.adding(seconds: delay(afterFailures: event.attempts + 1))
                )
                report.failed[event.id] = failure
            } else {
                try ledger.markOutboxDelivered(event.id, now: now)
                report.delivered.append(event.id)
            }
        }
        return report
    }

    /// Runs the command with `payload` on stdin; returns `nil` on exit status 0, else why it failed.
    ///
    /// Blocks up to the timeout (plus the grace for ending the command's process group): run it
    /// off any queue that answers requests. `started` learns the command's pid (its group id).
    func run(payload: String, started: (Int32) -> Void = { _ in }) -> String? {
        let directory = FileManager.default.temporaryDirectory
        let stem = "kiosk-outbox-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let input = directory.appendingPathComponent(stem + ".json")
        let errors = directory.appendingPathComponent(stem + ".err")
        defer {
            try? FileManager.default.removeItem(at: input)  // cleanup of our own temporary files
            try? FileManager.default.removeItem(at: errors)
        }
        do {
            try Data((payload + "\n").utf8).write(to: input)
            try Data().write(to: errors)
            let stdin = try FileHandle(forReadingFrom: input)
            let stderr = try FileHandle(forWritingTo: errors)
            defer {
                try? stdin.close()
                try? stderr.close()
            }
            let command = GroupedCommand(arguments: command, timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
            let outcome = try command.run(stdin: stdin.fileDescriptor, stderr: stderr.fileDescriptor, started: started)
            let reason: String
            switch outcome {
            case .exited(0): return nil
            case .exited(let status): reason = "exit status \(status)"
            case .signalled(let signal): reason = "killed by signal \(signal)"
            case .timedOut: return "timed out after \(timeoutSeconds) s; its process group was ended"
            }
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            let detail = said.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500)
            return detail.isEmpty ? reason : "\(reason): \(detail)"
        } catch let error as CommandError {
            return error.description
        } catch {
            return "cannot run \(command[0]): \(error.localizedDescription)"
        }
    }
}
