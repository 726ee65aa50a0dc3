import Foundation
import Testing

@testable import Kiosk

/// The outbox: written with payments and refunds, drained at least once by a command, failures kept.
@Suite struct OutboxTests {
    func payOnce(_ f: LedgerFixture) throws -> Payment {
        let code = try f.vouchers(1)[0]
        let session = try f.desk.open(
            program: LedgerFixture.paper,
            amount: 1000,
            terminal: LedgerFixture.terminal,
            now: f.now
        )
        _ = try f.desk.present(.scanned(code), to: session.id, by: .system, now: f.now)
        return try f.desk.confirm(
            session.id,
            idempotencyKey: IdempotencyKey(UUID().uuidString)!,
            by: LedgerFixture.staff,
            now: f.now
        )
    }

    @Test func paymentAndRefundEnqueueEventsThatTheCommandReceives() throws {
        let f = try LedgerFixture()
        let payment = try payOnce(f)
        _ = try f.ledger.refund(
            RefundRequest(
                payment: payment.id,
                idempotencyKey: IdempotencyKey("r")!,
                principal: LedgerFixture.office,
                now: f.now
            )
        )
        #expect(try f.ledger.outboxStatus() == OutboxStatus(pending: 2, failing: 0, delivered: 0, oldestPending: f.now))
        let sink = f.directory.appendingPathComponent("events.jsonl")
        let drainer = OutboxDrainer(ledger: f.ledger, command: ["/bin/sh", "-c", "cat >> '\(sink.path)'"])
        let report = try drainer.drainOnce(now: f.now)
        #expect(report.delivered.count == 2 && report.failed.isEmpty)
        let lines = try String(contentsOf: sink, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        struct Event: Decodable {
            struct P: Decodable { var id: Int64; var amount: Int64 }
            var event: String
            var payment: P
        }
        let first = try JSONDecoder().decode(Event.self, from: Data(lines[0].utf8))
        let second = try JSONDecoder().decode(Event.self, from: Data(lines[1].utf8))
        #expect(
            first.event == "payment.confirmed" && first.payment.id == payment.id.rawValue
                && first.payment.amount == 1000
        )
        #expect(second.event == "payment.refunded")
        #expect(try f.ledger.outboxStatus().delivered == 2)
        #expect(try drainer.drainOnce(now: f.now).delivered.isEmpty)  // nothing twice once delivered
    }

    @Test func failuresAreKeptVisibleAndRetriedWithBackoff() throws {
        let f = try LedgerFixture()
        _ = try payOnce(f)
        let flag = f.directory.appendingPathComponent("ok")
        let drainer = OutboxDrainer(
            ledger: f.ledger,
            command: [
                "/bin/sh", "-c", "cat > /dev/null; test -e '\(flag.path)' || { echo mail server down >&2; exit 3; }",
            ],
            baseDelaySeconds: 10,
            maximumDelaySeconds: 60
        )
        let failed = try drainer.drainOnce(now: f.now)
        #expect(failed.failed.values.first == "exit status 3: mail server down")
        let failing = try f.ledger.failingOutboxEvents(limit: 10)
        #expect(
            failing.count == 1 && failing[0].attempts == 1 && failing[0].lastError == "exit status 3: mail server down"
        )
        #expect(failing[0].nextAttemptAt == f.now.adding(seconds: 10))
        #expect(try drainer.drainOnce(now: f.now.adding(seconds: 9)).failed.isEmpty)  // not due yet
        #expect(try drainer.drainOnce(now: f.now.adding(seconds: 10)).failed.count == 1)
        #expect(try f.ledger.failingOutboxEvents(limit: 10)[0].nextAttemptAt == f.now.adding(seconds: 30))  // 10 + 20
        #expect(drainer.delay(afterFailures: 1) == 10 && drainer.delay(afterFailures: 3) == 40)
        #expect(drainer.delay(afterFailures: 4) == 60 && drainer.delay(afterFailures: 100) == 60)
        try Data().write(to: flag)
        #expect(try drainer.drainOnce(now: f.now.adding(seconds: 30)).delivered.count == 1)
        #expect(try f.ledger.outboxStatus() == OutboxStatus(pending: 0, failing: 0, delivered: 1, oldestPending: nil))
    }

    @Test func aMissingCommandIsAFailureNotACrash() throws {
        let f = try LedgerFixture()
        _ = try payOnce(f)
        let drainer = OutboxDrainer(ledger: f.ledger, command: ["/nonexistent/notify"])
        let report = try drainer.drainOnce(now: f.now)
        #expect(report.failed.values.first?.hasPrefix("cannot run /nonexistent/notify") == true)
        #expect(try f.ledger.outboxStatus().failing == 1)
    }
}

@Suite struct PaymentEventJSONTests {
    @Test func theComposedConfirmEventIsWhatTheEncoderWrites() throws {
        let payment = try OutboxTests().payOnce(try LedgerFixture())
        let whole = try SQLiteLedger.json(PaymentEvent(event: "payment.confirmed", payment: payment, refund: nil))
        #expect(PaymentEvent.confirmedJSON(paymentJSON: try SQLiteLedger.json(payment)) == whole)
    }
}
