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
        // The protocol's own event lines, as a subscriber reads them.
        let first = try ControlEventLine.decode(Data(lines[0].utf8))
        let second = try ControlEventLine.decode(Data(lines[1].utf8))
        #expect(first == .event(.payment(PaymentView(payment))))
        guard case .event(.refund(let refund)) = second else {
            Issue.record("the second notification is not a refund: \(second)")
            return
        }
        #expect(refund.payment.payment == payment.id.description && refund.total == 1000 && refund.refund != nil)
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
    @Test(arguments: ["clerk", "山田 太郎", "tab\there", "quote\"back\\slash/", "bell\u{07}\u{1F}", "emoji 🎫"])
    func theHandWrittenConfirmEventIsWhatTheProtocolsEncoderWrites(operatorName: String) throws {
        var payment = try OutboxTests().payOnce(try LedgerFixture())
        payment.operatorName = operatorName
        for refund in [nil, RefundID(rawValue: 5)] {
            payment.refund = refund
            let encoded = try ControlJSON.encoder().encode(ControlEvent.payment(PaymentView(payment)))
            #expect(Notification.confirmed(payment) == String(decoding: encoded, as: UTF8.self))
        }
    }
}
