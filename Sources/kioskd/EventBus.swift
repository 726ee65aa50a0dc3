import Foundation
import Kiosk
import Synchronization

/// Live events for subscribed control clients: scans, session changes, payments, camera state.
///
/// One JSON object per line, `{"event":"session","data":{...}}`, sent in the order published.
/// Each subscriber's lines wait here until the control server takes them (one wake-up for any
/// number of lines, so publishing never queues work per event); a subscriber whose waiting lines
/// would pass ``maximumPendingBytes`` is dropped, with a log line, and its connection closed.
/// Publishing costs the same at the millionth event as at the first: the bus keeps no closure
/// (a closure stored in a `Mutex` and read back with `withLock { $0 }` was wrapped in one more
/// reabstraction thunk on every read, so each event went through all the earlier ones' thunks).
final class EventBus: Sendable {
    /// The most bytes of event lines one subscriber may have waiting (the protocol's 4 MiB).
    let maximumPendingBytes: Int
    private let state = Mutex(State())
    private let outlet = Mutex<(any EventOutlet)?>(nil)

    private struct State {
        var subscribers: [Int: Pending] = [:]
        /// Whether the outlet was told lines wait and has not taken them yet.
        var wakeUpSent = false
        /// The most bytes any subscriber had waiting at once (what tests check against the bound).
        var largestPendingBytes = 0
        /// Events JSON could not encode, so nobody got them.
        var unencodable = 0
    }

    /// One subscriber's lines not yet taken.
    private struct Pending {
        var lines: [[UInt8]] = []
        var bytes = 0
    }

    /// A bus that drops a subscriber with more than `maximumPendingBytes` waiting.
    init(maximumPendingBytes: Int = 4 << 20) {
        precondition(maximumPendingBytes > 0, "the bound must be positive")
        self.maximumPendingBytes = maximumPendingBytes
    }

    /// Sets where lines go: the control server, once it exists.
    func deliver(to outlet: any EventOutlet) { self.outlet.withLock { $0 = outlet } }

    func subscribe(_ connection: Int) { state.withLock { $0.subscribers[connection] = $0.subscribers[connection] ?? Pending() } }
    func unsubscribe(_ connection: Int) { _ = state.withLock { $0.subscribers.removeValue(forKey: connection) } }

    /// Whether anyone is subscribed.
    var hasSubscribers: Bool { state.withLock { !$0.subscribers.isEmpty } }

    /// The most bytes any subscriber has had waiting at once.
    var largestPendingBytes: Int { state.withLock { $0.largestPendingBytes } }

    /// Events that could not be encoded and reached no subscriber.
    var unencodableEvents: Int { state.withLock { $0.unencodable } }

    /// Queues an event line for every subscriber; drops those past the bound.
    func publish(_ event: ControlEvent) {
        guard hasSubscribers else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body: Data
        do {
            body = try encoder.encode(event)
        } catch {
            // A value JSON cannot hold (a NaN latency): the event is lost to every subscriber, so
            // it is counted and logged, never dropped in silence.
            let count = state.withLock { state -> Int in
                state.unencodable += 1
                return state.unencodable
            }
            outlet.withLock { $0 }?.eventNotSent(event.kind.rawValue, reason: "\(error) (\(count) so far)")
            return
        }
        let line = Array(body)
        let cost = line.count + 1  // the newline
        let (dropped, wake) = state.withLock { state -> ([Int], Bool) in
            var dropped: [Int] = []
            for connection in Array(state.subscribers.keys) {
                guard let bytes = state.subscribers[connection]?.bytes else { continue }
                if bytes + cost > maximumPendingBytes {
                    state.subscribers[connection] = nil
                    dropped.append(connection)
                    continue
                }
                // Changed in place (a copy taken out and put back would copy every waiting line).
                state.subscribers[connection]?.lines.append(line)
                state.subscribers[connection]?.bytes = bytes + cost
                state.largestPendingBytes = max(state.largestPendingBytes, bytes + cost)
            }
            let wake = !state.wakeUpSent && !state.subscribers.isEmpty
            if wake { state.wakeUpSent = true }
            return (dropped, wake)
        }
        guard let outlet = outlet.withLock({ $0 }) else { return }
        for connection in dropped {
            outlet.dropSubscriber(connection, reason: "it left \(maximumPendingBytes >> 20) MiB of events unread")
        }
        if wake { outlet.eventsPending(on: self) }
    }

    /// Takes every subscriber's waiting lines, oldest first (the outlet calls this when woken).
    func takePending() -> [(connection: Int, lines: [[UInt8]])] {
        state.withLock { state in
            state.wakeUpSent = false
            var taken: [(connection: Int, lines: [[UInt8]])] = []
            for (connection, pending) in state.subscribers where !pending.lines.isEmpty {
                taken.append((connection, pending.lines))
                state.subscribers[connection] = Pending()
            }
            return taken
        }
    }
}

/// Where an ``EventBus`` sends its lines: the control server.
protocol EventOutlet: AnyObject, Sendable {
    /// Lines wait in `bus`: take them soon with ``EventBus/takePending()``. Must not block.
    func eventsPending(on bus: EventBus)
    /// The subscriber on `connection` was dropped for `reason`: log it and close its connection.
    func dropSubscriber(_ connection: Int, reason: String)
    /// An event of kind `name` could not be encoded and reached nobody: log it.
    func eventNotSent(_ name: String, reason: String)
}
