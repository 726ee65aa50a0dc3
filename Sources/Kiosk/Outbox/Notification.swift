import Foundation

/// What a notification command reads on standard input: the control protocol's own event line
/// for the payment or the refund, `{"data":{...},"event":"payment"}`, exactly as a subscriber of
/// `events.subscribe` gets it (docs/protocol.md, "Notifications").
///
/// The outbox row is written in the transaction that confirms the payment, so its JSON is written
/// by hand there: Foundation's `JSONEncoder` was half of a confirm's CPU time. `NotificationTests`
/// hold the hand-written bytes to what the protocol's encoder writes.
enum Notification {
    /// The `payment` event of a payment just confirmed (not refunded, so no refund or memo).
    static func confirmed(_ payment: Payment) -> String {
        var out = JSONWriter()
        out.raw(#"{"data":{"amount":"#)
        out.integer(payment.amount.rawValue)
        out.raw(#","lines":["#)
        for (index, line) in payment.lines.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw(#"{"amount":"#)
            out.integer(line.amount.rawValue)
            out.raw(#","balance_after":"#)
            out.integer(line.balanceAfter.rawValue)
            out.raw(#","code":"#)
            out.string(line.code.description)
            out.raw("}")
        }
        out.raw(#"],"operator":"#)
        out.string(payment.operatorName)
        out.raw(#","payment":"#)
        out.string(payment.id.description)
        out.raw(#","program":"#)
        out.string(payment.program.description)
        if let refund = payment.refund {
            out.raw(#","refund":"#)
            out.string(refund.description)
        }
        out.raw(#","requested":"#)
        out.integer(payment.requested.rawValue)
        out.raw(#","session":"#)
        out.string(payment.session.description)
        out.raw(#","store":"#)
        out.string(payment.store.description)
        out.raw(#","terminal":"#)
        out.string(payment.terminal.description)
        out.raw(#","time":"#)
        out.string(payment.at.description)
        out.raw(#"},"event":"payment"}"#)
        return out.text
    }

    /// The `refund` event of a refund done.
    ///
    /// - Throws: ``LedgerError/corrupt(reason:)`` if the view cannot be encoded (it always can).
    static func refunded(_ refund: Refund, of payment: Payment) throws(LedgerError) -> String {
        do {
            return String(
                decoding: try ControlJSON.encoder().encode(ControlEvent.refund(RefundView(refund, of: payment))),
                as: UTF8.self
            )
        } catch {
            throw .corrupt(reason: "cannot encode the refund \(refund.id) as its notification")
        }
    }
}
