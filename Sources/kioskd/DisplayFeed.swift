import CaptureV4L2
import Foundation
import Kiosk

/// The customer display's live state: one ``CustomerView`` that the desk queue changes and the
/// display's connections wait on.
///
/// Each change is encoded once, as a server-sent-events message with a growing sequence number;
/// a connection that waits gets the newest message (one that fell behind skips the states it
/// missed, so a slow browser never makes kioskd hold more than one message). Screens that end by
/// themselves (a refusal, a balance, done) end on a timer of the feed's own.
final class DisplayFeed: @unchecked Sendable {
    // @unchecked: `view`, `sequence`, `message`, `stopped` and `timerGeneration` are read and
    // written only with `condition` locked; `clock` and `timerQueue` are immutable.
    private let condition = NSCondition()
    private var view: CustomerView<ContinuousClock>
    private var sequence: UInt64 = 0
    private var message: [UInt8] = []
    private var stopped = false
    private var timerGeneration = 0
    private var previewSequence: UInt64 = 0
    private var previewMessage: [UInt8] = []
    private let clock = ContinuousClock()
    private let timerQueue = DispatchQueue(label: "kioskd.display.timer")

    /// What a waiting connection gets.
    enum Next: Equatable {
        /// The newest message and its sequence number.
        case message(UInt64, [UInt8])
        /// The newest picture of the counter (an `event: preview` message) and its own sequence number.
        case preview(UInt64, [UInt8])
        /// Nothing new within the wait.
        case nothingNew
        /// The feed stopped: end the stream.
        case stopped
    }

    /// A feed showing idle.
    init(timing: CustomerTiming = CustomerTiming(), customerActions: Bool) {
        view = CustomerView(timing: timing, customerActions: customerActions)
        condition.lock()
        encodeLocked(eventTime: nil)
        condition.unlock()
    }

    /// Changes the view with an event, then wakes every waiting connection.
    ///
    /// - Parameters:
    ///   - eventTime: When the event began (a scan reaching the desk), sent with the message so
    ///     the page can report the scan-to-screen latency; `nil` for changes not from a scan.
    ///   - change: The event, applied to the view at the current instant.
    func update(
        eventTime: Date? = nil,
        _ change: (inout CustomerView<ContinuousClock>, ContinuousClock.Instant) -> Void
    ) {
        condition.lock()
        change(&view, clock.now)
        encodeLocked(eventTime: eventTime)
        scheduleTickLocked()
        condition.broadcast()
        condition.unlock()
    }

    /// The session a touch button sent with `visit` may act on (see ``CustomerView/session(forVisit:)``).
    func session(forVisit visit: Int) -> SessionID? {
        condition.lock()
        defer { condition.unlock() }
        return view.session(forVisit: visit)
    }

    /// The current view (for tests and logs).
    var current: CustomerView<ContinuousClock> {
        condition.lock()
        defer { condition.unlock() }
        return view
    }

    /// Waits up to `timeout` for a message newer than `sequence` or a picture newer than
    /// `previewSequence` (the screen's messages first); called on a connection's own thread.
    func next(after sequence: UInt64, previewAfter previewSequence: UInt64 = .max, timeout: Duration) -> Next {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !stopped && self.sequence <= sequence && self.previewSequence <= previewSequence {
            if !condition.wait(until: deadline) { break }
        }
        if stopped { return .stopped }
        if self.sequence > sequence { return .message(self.sequence, message) }
        if self.previewSequence > previewSequence { return .preview(self.previewSequence, previewMessage) }
        return .nothingNew
    }

    /// A new picture of the counter from the camera: replaces the last one and wakes the feeds.
    func preview(_ frame: PreviewFrame) {
        let body = PreviewMessage(
            width: frame.width,
            height: frame.height,
            outlines: frame.outlines,
            pixels: Data(frame.pixels).base64EncodedString()
        )
        guard let json = try? JSONEncoder().encode(body) else {
            preconditionFailure("a preview of integers, numbers and base64 text could not be encoded")
        }
        let bytes = Array("event: preview\ndata: ".utf8) + Array(json) + Array("\n\n".utf8)
        condition.lock()
        previewSequence += 1
        previewMessage = bytes
        condition.broadcast()
        condition.unlock()
    }

    /// A preview as the page draws it: grey pixels in base64, code outlines in its coordinates.
    private struct PreviewMessage: Encodable {
        let width: Int
        let height: Int
        let outlines: [[[Double]]]
        let pixels: String
    }

    /// Ends every stream now and for good (kioskd is stopping).
    func stop() {
        condition.lock()
        stopped = true
        timerGeneration += 1
        condition.broadcast()
        condition.unlock()
    }

    /// The message body: `{"seq":N,"event_ms":T,"view":{…}}`.
    private struct Message: Encodable {
        let seq: UInt64
        let eventMilliseconds: Double?
        let view: CustomerView<ContinuousClock>

        enum CodingKeys: String, CodingKey {
            case seq, view
            case eventMilliseconds = "event_ms"
        }
    }

    private func encodeLocked(eventTime: Date?) {
        sequence += 1
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Message(
            seq: sequence,
            eventMilliseconds: eventTime.map { ($0.timeIntervalSince1970 * 1000).rounded() },
            view: view
        )
        do {
            let json = try encoder.encode(body)
            message = Array("id: \(sequence)\ndata: ".utf8) + Array(json) + Array("\n\n".utf8)
        } catch {
            // The view encodes only strings and integers it made itself; failing here is a bug.
            preconditionFailure("the customer view could not be encoded: \(error)")
        }
    }

    /// Arms a one-shot timer for the view's next deadline; an older timer finds its generation stale.
    private func scheduleTickLocked() {
        timerGeneration += 1
        guard !stopped, let deadline = view.nextDeadline else { return }
        let generation = timerGeneration
        let wait = clock.now.duration(to: deadline)
        let nanoseconds = max(
            0,
            Int(wait.components.seconds) * 1_000_000_000 + Int(wait.components.attoseconds / 1_000_000_000)
        )
        timerQueue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            condition.lock()
            defer { condition.unlock() }
            guard generation == timerGeneration else { return }
            if view.tick(now: clock.now) {
                encodeLocked(eventTime: nil)
                condition.broadcast()
            }
            scheduleTickLocked()
        }
    }
}
