/// A payment's JSON written by hand, because Foundation's `JSONEncoder` was half of a confirm's CPU
/// time. The bytes are those the ledger's encoder writes (sorted keys, slashes unescaped, no
/// refund when there is none); `PaymentJSONTests` holds the two to the same output.
extension Payment {
    /// The payment as JSON text, for its audit entry and its outbox event.
    var jsonText: String {
        var out = JSONWriter()
        out.raw(#"{"amount":"#)
        out.integer(amount.rawValue)
        out.raw(#","at":"#)
        out.integer(at.rawValue)
        out.raw(#","id":"#)
        out.integer(id.rawValue)
        out.raw(#","idempotencyKey":"#)
        out.string(idempotencyKey.rawValue)
        out.raw(#","lines":["#)
        for (index, line) in lines.enumerated() {
            if index > 0 { out.raw(",") }
            out.raw(#"{"amount":"#)
            out.integer(line.amount.rawValue)
            out.raw(#","balanceAfter":"#)
            out.integer(line.balanceAfter.rawValue)
            out.raw(#","code":{"#)
            switch line.code {
            case .voucher(let program, let serial):
                out.raw(#""voucher":{"program":"#)
                out.string(program.rawValue)
                out.raw(#","serial":"#)
                out.integer(serial)
                out.raw("}}}")
            case .eTicket(let program, let ticket):
                out.raw(#""eTicket":{"id":"#)
                out.integer(ticket)
                out.raw(#","program":"#)
                out.string(program.rawValue)
                out.raw("}}}")
            }
        }
        out.raw(#"],"operatorName":"#)
        out.string(operatorName)
        out.raw(#","program":"#)
        out.string(program.rawValue)
        if let refund {
            out.raw(#","refund":"#)
            out.integer(refund.rawValue)
        }
        out.raw(#","requested":"#)
        out.integer(requested.rawValue)
        out.raw(#","session":"#)
        out.unsigned(session.rawValue)
        out.raw(#","store":"#)
        out.string(store.rawValue)
        out.raw(#","terminal":"#)
        out.string(terminal.rawValue)
        out.raw("}")
        return out.text
    }
}
