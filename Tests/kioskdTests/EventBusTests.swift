import Foundation
import KioskProtocol
import Synchronization
import Testing

@testable import kioskd

/// The event bus: a flat cost per event however many were published, and a bounded queue per
/// subscriber.
@Suite struct EventBusTests {
    /// An outlet that takes the lines at once (a reading subscriber) or never (one that stopped).
    final class Outlet: EventOutlet, Sendable {
        let reads: Bool
        let delivered = Atomic<Int>(0)
        let dropped = Mutex<[Int]>([])

        init(reads: Bool) { self.reads = reads }

        func eventsPending(on bus: EventBus) {
            guard reads else { return }
            for (_, lines) in bus.takePending() { delivered.add(lines.count, ordering: .relaxed) }
        }

        func dropSubscriber(_ connection: Int, reason: String) { dropped.withLock { $0.append(connection) } }

        let notSent = Mutex<[String]>([])
        func eventNotSent(_ name: String, reason: String) { notSent.withLock { $0.append("\(name): \(reason)") } }
    }

    @Test func anEventJSONCannotHoldIsCountedAndReportedNotDroppedInSilence() {
        let bus = EventBus()
        let outlet = Outlet(reads: true)
        bus.deliver(to: outlet)
        bus.subscribe(1)
        let broken = ControlEvent.scan(
            ScanView(
                text: "x", payloadHex: "", symbol: "1", inverted: false, mirrored: false,
                latencyMilliseconds: .nan, corners: []))
        bus.publish(broken)
        bus.publish(Self.scan(text: "after", number: 2))
        #expect(bus.unencodableEvents == 1)
        #expect(outlet.notSent.withLock { $0 }.count == 1 && outlet.notSent.withLock { $0 }.first?.hasPrefix("scan: ") == true)
        #expect(outlet.delivered.load(ordering: .relaxed) == 1, "the next event still goes out")
    }

    /// A scan event whose text is `text` and whose symbol field carries the event's number.
    static func scan(text: String, number: Int) -> ControlEvent {
        .scan(
            ScanView(
                text: text, payloadHex: "", symbol: String(number), inverted: false, mirrored: false,
                latencyMilliseconds: 0, corners: []
            )
        )
    }

    @Test func theLast10000Of100000EventsCostAboutWhatTheFirst10000Did() {
        let bus = EventBus()
        let outlet = Outlet(reads: true)
        bus.deliver(to: outlet)
        bus.subscribe(1)
        bus.subscribe(2)
        var spans: [Duration] = []
        var start = ContinuousClock.now
        for index in 0..<100_000 {
            bus.publish(Self.scan(text: "KMTPREMIUM-000123", number: index))
            if (index + 1) % 10_000 == 0 {
                spans.append(start.duration(to: .now))
                start = .now
            }
        }
        #expect(outlet.delivered.load(ordering: .relaxed) == 200_000)
        // A ratio, not a time: before, each event went through every earlier event's thunk and
        // the last 10,000 cost 18 times the first (5,000 events: 1.5 s at first, 28 s after 25,000).
        let ratio = spans[9] / spans[0]
        #expect(ratio < 3, "the last 10,000 events cost \(ratio) times the first 10,000: \(spans)")
    }

    @Test func aSubscriberThatNeverReadsIsDroppedAtTheBound() {
        let bus = EventBus(maximumPendingBytes: 4 << 20)
        let outlet = Outlet(reads: false)
        bus.deliver(to: outlet)
        bus.subscribe(7)
        for index in 0..<100_000 { bus.publish(Self.scan(text: String(repeating: "x", count: 100), number: index)) }
        #expect(bus.largestPendingBytes <= 4 << 20)
        #expect(bus.largestPendingBytes > (4 << 20) - 200, "the queue filled up to the bound before the drop")
        #expect(outlet.dropped.withLock { $0 } == [7], "dropped once, then forgotten")
        #expect(!bus.hasSubscribers)
    }
}

extension ControlSocketTests {
    @Test func aSubscriberThatStopsReadingIsClosedAndKioskdHoldsAtMostTheBound() throws {
        try withDaemon { daemon, path, _ in
            let subscriber = try Client(path: path)
            try subscriber.login("clerk")
            #expect(try subscriber.succeeds(#"{"id":"e","op":"events.subscribe"}"#))
            let other = try Client(path: path)
            #expect(try other.succeeds(#"{"id":"s","op":"status"}"#))
            #expect(daemon.server.clientCount == 2)
            // About 20 MB of events, which the subscriber never reads.
            let text = String(repeating: "x", count: 1000)
            for index in 0..<20_000 { daemon.events.publish(EventBusTests.scan(text: text, number: index)) }
            #expect(eventually { daemon.server.clientCount == 1 }, "the subscriber that stopped reading was not closed")
            #expect(daemon.events.largestPendingBytes <= 4 << 20)
            #expect(try other.succeeds(#"{"id":"s","op":"status"}"#))
            // What it finally reads is whole lines, each an event (or why it is closed), then the end.
            var lines = 0
            while try subscriber.readEvent() != nil { lines += 1 }
            #expect(lines < 20_000)
        }
    }
}
