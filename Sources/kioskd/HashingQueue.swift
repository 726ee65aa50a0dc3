import Foundation
import Synchronization

/// Where password hashing runs: off the desk queue, on a few worker threads, fairly between peers.
///
/// yescrypt takes about 40 ms a check by design; on the desk queue, 1,000 pipelined logins of
/// unknown names made every other client wait 28 s. Here at most ``workers`` checks run at once
/// (one core is left to the desk and the socket), and at most ``perPeer`` of them for one peer
/// uid; further jobs wait, and the next to start is taken from the peers in turn, so one uid's
/// flood does not starve another uid's login. Each connection has at most one request with the
/// handler at a time (``ControlServer``), so the jobs waiting for a uid are bounded by its
/// connections.
final class HashingQueue: Sendable {
    /// Checks running at once.
    let workers: Int
    /// Checks running at once for one peer uid.
    let perPeer: Int
    private let queue = DispatchQueue(label: "kioskd.hashing", qos: .utility, attributes: .concurrent)
    private let state = Mutex(State())

    private struct State {
        var running = 0
        var runningByPeer: [UInt32: Int] = [:]
        var waiting: [UInt32: [@Sendable () -> Void]] = [:]
        /// Peers with waiting jobs, in the order they are served.
        var turn: [UInt32] = []
        var waitingCount = 0
    }

    /// A queue running up to `workers` checks, `perPeer` of them for one uid.
    init(workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1), perPeer: Int = 2) {
        precondition(workers > 0 && perPeer > 0, "the hashing queue needs at least one worker")
        self.workers = workers
        self.perPeer = perPeer
    }

    /// Runs `job` for `peer` as soon as a worker and the peer's share allow.
    func submit(peer: UInt32, _ job: @escaping @Sendable () -> Void) {
        let ready = state.withLock { state -> [(UInt32, @Sendable () -> Void)] in
            state.waiting[peer, default: []].append(job)
            state.waitingCount += 1
            if !state.turn.contains(peer) { state.turn.append(peer) }
            return Self.takeReady(&state, workers: workers, perPeer: perPeer)
        }
        start(ready)
    }

    /// Jobs waiting and running (for status and tests).
    var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waitingCount) } }

    private func start(_ jobs: [(UInt32, @Sendable () -> Void)]) {
        for (peer, job) in jobs {
            queue.async { [self] in
                job()
                let next = state.withLock { state -> [(UInt32, @Sendable () -> Void)] in
                    state.running -= 1
                    state.runningByPeer[peer, default: 1] -= 1
                    if state.runningByPeer[peer] == 0 { state.runningByPeer[peer] = nil }
                    return Self.takeReady(&state, workers: workers, perPeer: perPeer)
                }
                start(next)
            }
        }
    }

    /// Takes the jobs that may start now, one peer at a time in turn; marks them running.
    private static func takeReady(_ state: inout State, workers: Int, perPeer: Int) -> [(UInt32, @Sendable () -> Void)] {
        var ready: [(UInt32, @Sendable () -> Void)] = []
        var index = 0
        while state.running < workers, index < state.turn.count {
            let peer = state.turn[index]
            guard state.runningByPeer[peer, default: 0] < perPeer, var jobs = state.waiting[peer], !jobs.isEmpty else {
                index += 1
                continue
            }
            let job = jobs.removeFirst()
            state.waitingCount -= 1
            state.running += 1
            state.runningByPeer[peer, default: 0] += 1
            ready.append((peer, job))
            state.turn.remove(at: index)
            if jobs.isEmpty {
                state.waiting[peer] = nil
            } else {
                state.waiting[peer] = jobs
                state.turn.append(peer)  // its next job waits for the other peers' turns
            }
        }
        return ready
    }
}
