import Foundation
import Kiosk
import Synchronization

/// Live events for subscribed control clients: scans, session changes, payments, camera state.
///
/// One JSON object per line, `{"event":"session","data":{...}}`, sent in the order published.
final class EventBus: Sendable {
    typealias Sink = @Sendable ([UInt8], @escaping @Sendable (Int) -> Bool) -> Void
    private let subscribers = Mutex<Set<Int>>([])
    private let sink = Mutex<Sink?>(nil)

    /// Sets where lines go: the control server's broadcast, once the server exists.
    func deliver(to sink: @escaping Sink) { self.sink.withLock { $0 = sink } }

    func subscribe(_ connection: Int) { subscribers.withLock { _ = $0.insert(connection) } }
    func unsubscribe(_ connection: Int) { subscribers.withLock { _ = $0.remove(connection) } }

    func publish(kind: String, _ data: some Encodable) {
        let current = subscribers.withLock { $0 }
        guard !current.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(EventLine(event: kind, data: data)) else { return }
        sink.withLock { $0 }?(Array(body)) { current.contains($0) }
    }

    private struct EventLine<Payload: Encodable>: Encodable {
        let event: String
        let data: Payload
    }
}
