import Foundation
import Kiosk
import Synchronization

/// Runs the outbox's notification command on a queue of its own, so a command that hangs or
/// leaves children behind never holds up requests, the desk's timers or the systemd watchdog.
///
/// One drain runs at a time; a ``drainSoon()`` while one runs is remembered and runs after it.
/// The drainer's ledger calls take the ledger's own lock, like every other caller's.
final class NotificationService: Sendable {
    let drainer: OutboxDrainer
    let logger: Logger
    private let queue = DispatchQueue(label: "kioskd.notify", qos: .utility)
    private let state = Mutex(State())

    private struct State {
        var draining = false
        var again = false
        /// The process group of the command running now, if any.
        var running: Int32?
    }

    init(drainer: OutboxDrainer, logger: Logger) {
        self.drainer = drainer
        self.logger = logger
    }

    /// Starts a drain of the events due now, unless one runs (then one more follows it). Never blocks.
    func drainSoon() {
        let start = state.withLock { state -> Bool in
            if state.draining {
                state.again = true
                return false
            }
            state.draining = true
            return true
        }
        if start { queue.async { [self] in drainWhileAsked() } }
    }

    /// The process group of the command running now, if any (for tests and the stop path).
    var runningGroup: Int32? { state.withLock { $0.running } }

    /// Ends the running command's whole process group at once (kioskd is stopping); its event is
    /// retried after the next start.
    func endRunningCommand() {
        if let group = runningGroup { _ = kill(-group, SIGKILL) }
    }

    private func drainWhileAsked() {
        while true {
            do throws(LedgerError) {
                let report = try drainer.drainOnce(now: .now()) { pid in self.state.withLock { $0.running = pid } }
                for (id, reason) in report.failed.sorted(by: { $0.key < $1.key }) {
                    logger.warning("notification \(id) failed: \(reason); will retry")
                }
            } catch {
                logger.error("notifications: \(error.code): \(error.message)")
            }
            let more = state.withLock { state -> Bool in
                state.running = nil
                if state.again {
                    state.again = false
                    return true
                }
                state.draining = false
                return false
            }
            if !more { return }
        }
    }
}
