import Foundation

/// Turns kioskd's JSON results into the short tables an operator reads.
enum HumanOutput {
    static func yen(_ value: Any?) -> String {
        guard let number = (value as? NSNumber)?.int64Value else { return "-" }
        let digits = String(number.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (number < 0 ? "-" : "") + grouped + " yen"
    }

    static func render(op: String, _ result: Any) -> String {
        if let rows = result as? [[String: Any]] { return table(rows) }
        guard let object = result as? [String: Any] else { return "\(result)" }
        if object["session"] != nil && object["lines"] != nil { return session(object) }
        if let id = object["payment"] as? String, object["lines"] != nil { return payment(id, object) }
        return fields(object)
    }

    /// Rows of objects as an aligned table, one column per key (in the first row's sorted order).
    static func table(_ rows: [[String: Any]]) -> String {
        guard let first = rows.first else { return "(none)" }
        let keys = first.keys.sorted()
        func cell(_ value: Any?) -> String {
            switch value {
            case nil, is NSNull: "-"
            case let text as String: text
            case let number as NSNumber where String(cString: number.objCType) == "c": number.boolValue ? "yes" : "no"
            case let other?: "\(other)"
            }
        }
        let cells = rows.map { row in keys.map { cell(row[$0]) } }
        let widths = keys.indices.map { column in ([keys[column]] + cells.map { $0[column] }).map(\.count).max() ?? 0 }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(keys)] + cells.map(line)).joined(separator: "\n")
    }

    static func session(_ object: [String: Any]) -> String {
        let state = object["state"] as? String ?? "?"
        var out = "session \(object["session"] as? String ?? "?")  program \(object["program"] as? String ?? "?")  \(state)"
        if let payment = object["payment"] as? String { out += "  payment \(payment)" }
        out += "\namount \(yen(object["amount"]))   read \(yen(object["total"]))   missing \(yen(object["missing"]))"
        if let missing = (object["missing"] as? NSNumber)?.int64Value, missing > 0, state == "collecting" {
            out += "  (insufficient)"
        }
        for (index, line) in (object["lines"] as? [[String: Any]] ?? []).enumerated() {
            let code = line["code"] as? String ?? "?"
            out += "\n  \(index + 1). \(code.padding(toLength: 36, withPad: " ", startingAt: 0)) \(yen(line["amount"]))"
        }
        return out
    }

    static func payment(_ id: String, _ object: [String: Any]) -> String {
        var out = "payment \(id)  \(object["time"] as? String ?? "")  program \(object["program"] as? String ?? "?")"
        out += "  terminal \(object["terminal"] as? String ?? "?")"
        out += "\npaid \(yen(object["amount"])) of \(yen(object["requested"]))"
        if let refund = object["refund"] as? String { out += "  refunded (\(refund))" }
        for (index, line) in (object["lines"] as? [[String: Any]] ?? []).enumerated() {
            let code = line["code"] as? String ?? "?"
            out += "\n  \(index + 1). \(code.padding(toLength: 36, withPad: " ", startingAt: 0)) \(yen(line["amount"]))"
            out += "  (left \(yen(line["balance_after"])))"
        }
        return out
    }

    static func fields(_ object: [String: Any], prefix: String = "") -> String {
        object.keys.sorted().map { key in
            let value = object[key]
            if let nested = value as? [String: Any] { return fields(nested, prefix: prefix + key + ".") }
            let text: String
            switch value {
            case let number as NSNumber where key.contains("amount") || key == "balance" || key == "requested": text = yen(number)
            case let list as [Any]: text = "\(list.count) item(s): " + ((try? String(decoding: JSONSerialization.data(withJSONObject: list), as: UTF8.self)) ?? "")
            case is NSNull, nil: text = "-"
            case let other?: text = "\(other)"
            }
            return "\((prefix + key).padding(toLength: 24, withPad: " ", startingAt: 0)) \(text)"
        }.joined(separator: "\n")
    }
}
