/// A payment's JSON written by hand, because Foundation's `JSONEncoder` was half of a confirm's CPU
/// time. The bytes are those the ledger's encoder writes (sorted keys, slashes unescaped, no
/// refund when there is none); `PaymentJSONTests` holds the two to the same output.
extension Payment {
    /// The payment as JSON text, for its audit entry and its outbox event.
    var jsonText: String {
        var out = #"{"amount":"# + String(amount.rawValue)
        out += #","at":"# + String(at.rawValue)
        out += #","id":"# + String(id.rawValue)
        out += #","idempotencyKey":"#
        JSONText.appendString(idempotencyKey.rawValue, to: &out)
        out += #","lines":["#
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "," }
            out += #"{"amount":"# + String(line.amount.rawValue)
            out += #","balanceAfter":"# + String(line.balanceAfter.rawValue)
            out += #","code":{"#
            switch line.code {
            case .voucher(let program, let serial):
                out += #""voucher":{"program":"#
                JSONText.appendString(program.rawValue, to: &out)
                out += #","serial":"# + String(serial) + "}}}"
            case .eTicket(let program, let ticket):
                out += #""eTicket":{"id":"# + String(ticket) + #","program":"#
                JSONText.appendString(program.rawValue, to: &out)
                out += "}}}"
            }
        }
        out += #"],"operatorName":"#
        JSONText.appendString(operatorName, to: &out)
        out += #","program":"#
        JSONText.appendString(program.rawValue, to: &out)
        if let refund { out += #","refund":"# + String(refund.rawValue) }
        out += #","requested":"# + String(requested.rawValue)
        out += #","session":"# + String(session.rawValue)
        out += #","store":"#
        JSONText.appendString(store.rawValue, to: &out)
        out += #","terminal":"#
        JSONText.appendString(terminal.rawValue, to: &out)
        out += "}"
        return out
    }
}

/// JSON string literals as the ledger's encoder writes them.
enum JSONText {
    /// Appends `text` as a quoted JSON string: `"` and `\` escaped, control characters as escapes.
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
