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
        guard let object = result as? [String: Any] else { return cell(result, key: op) }
        switch op {
        case "audit.verify": return audit(object)
        case "ledger.check": return ledgerCheck(object)
        case "audit.head": return object["head"] as? String ?? "(the audit log is empty)"
        case "report.sales": return sales(object)
        case "report.usage": return usage(object)
        case "report.daily", "report.monthly": return totals(object)
        case "report.settlement": return settlement(object)
        case "refund.preview", "refund.confirm", "refund": return refund(object)
        case "scan":
            let text = object["text"] as? String ?? "(binary) " + (object["payload_hex"] as? String ?? "")
            let flags = [(object["inverted"] as? Bool == true) ? "inverted" : nil, (object["mirrored"] as? Bool == true) ? "mirrored" : nil]
                .compactMap { $0 }
            let latency = (object["latency_ms"] as? Double).map { String(format: "%.1f ms", $0) } ?? "?"
            return "\(text)  (\(object["symbol"] as? String ?? "?")\(flags.isEmpty ? "" : ", " + flags.joined(separator: ", ")), \(latency))"
        case "scan_refused":
            return "session \(object["session"] as? String ?? "?"): \(object["message"] as? String ?? "") [\(object["code"] as? String ?? "")]"
        case "camera":
            return "\(object["source"] as? String ?? "camera"): \(object["state"] as? String ?? "?")"
        case "camera.list":
            let devices = (object["devices"] as? [[String: Any]] ?? []).map { device -> String in
                let mark = device["configured"] as? Bool == true ? "  (the configured camera)" : ""
                let formats = (device["formats"] as? [String] ?? []).map { "\n  \($0)" }.joined()
                return "\(device["path"] as? String ?? "?")\(mark)\n  \(device["card"] as? String ?? ""), driver \(device["driver"] as? String ?? "")\(formats)"
            }
            let failures = (object["failures"] as? [String] ?? []).map { "cannot query: \($0)" }
            return devices.isEmpty && failures.isEmpty ? "no capture devices found" : (devices + failures).joined(separator: "\n")
        default: break
        }
        // A payment names its session too; only a payment has a time.
        if let id = object["payment"] as? String, object["lines"] != nil, object["time"] != nil { return payment(id, object) }
        if object["session"] != nil && object["lines"] != nil { return session(object) }
        return fields(object)
    }

    /// The chain and the money rows checked against it, each problem on its own line.
    static func audit(_ object: [String: Any]) -> String {
        let money = object["money"] as? [String: Any] ?? [:]
        var lines: [String] = []
        let checked = "\(object["checked"] as? Int ?? 0) audit entries; \(money["payments"] as? Int ?? 0) payments, "
            + "\(money["refunds"] as? Int ?? 0) refunds, \(money["vouchers"] as? Int ?? 0) vouchers, "
            + "\(money["etickets"] as? Int ?? 0) e-tickets compared with them"
        if object["ok"] as? Bool == true {
            lines.append("ok: \(checked)")
        } else {
            lines.append("NOT OK: \(checked)")
            if let bad = object["first_bad"] as? Int { lines.append("  audit entry \(bad): \(object["reason"] as? String ?? "")") }
            for finding in money["findings"] as? [String] ?? [] { lines.append("  \(finding)") }
        }
        if let head = object["head"] as? String { lines.append("head: \(head)") }
        return lines.joined(separator: "\n")
    }

    /// The whole ledger check: the file, the invariants, then the audit part.
    static func ledgerCheck(_ object: [String: Any]) -> String {
        var lines = ["file integrity: \(object["integrity"] as? String ?? "?")"]
        let violations = object["violations"] as? [String] ?? []
        lines.append(violations.isEmpty ? "money invariants: ok" : "money invariants: NOT OK")
        lines += violations.map { "  \($0)" }
        lines.append(audit(object["audit"] as? [String: Any] ?? [:]))
        lines.append(object["ok"] as? Bool == true ? "the ledger is sound" : "THE LEDGER HAS PROBLEMS: see above")
        return lines.joined(separator: "\n")
    }

    /// Rows of objects as an aligned table, one column per key any row has, in sorted order.
    static func table(_ rows: [[String: Any]]) -> String {
        guard !rows.isEmpty else { return "(none)" }
        let keys = Set(rows.flatMap(\.keys)).sorted()
        let cells = rows.map { row in keys.map { cell(row[$0], key: $0) } }
        let widths = keys.indices.map { column in ([keys[column]] + cells.map { $0[column] }).map(DisplayText.width).max() ?? 0 }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { DisplayText.padded($0, to: $1) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(keys)] + cells.map(line)).joined(separator: "\n")
    }

    /// Fields that hold yen.
    static let moneyKeys: Set<String> = [
        "requested", "total", "face_value", "unit", "maximum_per_transaction", "net", "due", "total_due", "paid", "refunded",
    ]

    /// One value as a person reads it: times local, money with its unit, lists by their codes,
    /// never a raw dictionary or array.
    static func cell(_ value: Any?, key: String) -> String {
        switch value {
        case nil, is NSNull: return "-"
        case let text as String: return DisplayText.time(text)
        case let number as NSNumber where String(cString: number.objCType) == "c": return number.boolValue ? "yes" : "no"
        case let number as NSNumber where moneyKeys.contains(key) || key.contains("amount") || key.hasPrefix("balance"):
            return yen(number)
        case let number as NSNumber: return number.stringValue
        case let list as [[String: Any]]:
            let codes = list.compactMap { $0["code"] as? String }
            return codes.count == list.count && !codes.isEmpty ? codes.joined(separator: ", ") : "\(list.count) item(s)"
        case let list as [Any]: return list.map { cell($0, key: key) }.joined(separator: ", ")
        case let object as [String: Any]:
            return object.keys.sorted().map { "\($0) \(cell(object[$0], key: $0))" }.joined(separator: ", ")
        case let other?: return String(describing: other)
        }
    }

    /// Aligned columns, numbers right-aligned.
    static func columns(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(DisplayText.width).max() ?? 0 }
        func line(_ values: [String]) -> String {
            zip(values, widths).enumerated().map { index, pair in
                let (value, width) = pair
                return index == 0 ? DisplayText.padded(value, to: width) : DisplayText.rightAligned(value, to: width)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func tally(_ value: Any?) -> (count: String, amount: String) {
        let object = value as? [String: Any]
        return ("\(object?["count"] as? Int ?? 0)", yen(object?["amount"]))
    }

    /// 売上照会: one line a day, newest first, and the total.
    static func sales(_ object: [String: Any]) -> String {
        var rows = (object["days"] as? [[String: Any]] ?? []).map { day -> [String] in
            let paid = tally(day["payments"])
            let refunded = tally(day["refunds"])
            return [day["day"] as? String ?? "?", paid.count, paid.amount, refunded.count, refunded.amount, yen(day["net"])]
        }
        let paid = tally(object["payments"])
        let refunded = tally(object["refunds"])
        rows.append(["total", paid.count, paid.amount, refunded.count, refunded.amount, yen(object["net"])])
        return "sales \(object["from"] as? String ?? "?") to \(object["to"] as? String ?? "?")\n"
            + columns(["day", "payments", "amount", "refunds", "amount", "net"], rows)
    }

    /// A refund preview (返金確認) or a refund done.
    static func refund(_ object: [String: Any]) -> String {
        let payment = object["payment"] as? [String: Any] ?? [:]
        var out: String
        if let refund = object["refund"] as? String {
            out = "refund \(refund)  \(DisplayText.time(object["time"] as? String ?? ""))  of payment \(payment["payment"] as? String ?? "?")"
            out += "\nrefunded \(yen(object["total"]))"
            if let memo = object["memo"] as? String, !memo.isEmpty { out += "  memo: \(memo)" }
        } else {
            out = "payment \(payment["payment"] as? String ?? "?")  \(DisplayText.time(payment["time"] as? String ?? ""))  by \(payment["operator"] as? String ?? "?")"
            out += "\nwould refund \(yen(object["total"]))  window closes \(DisplayText.time(object["window_closes_at"] as? String ?? "?"))"
            out += (object["allowed"] as? Bool == true) ? "  (you may refund it now)" : "  (not allowed for this account now)"
        }
        for (index, line) in (object["lines"] as? [[String: Any]] ?? []).enumerated() {
            let code = line["code"] as? String ?? "?"
            out += "\n  \(index + 1). \(DisplayText.padded(code, to: 36)) \(yen(line["amount"]))"
            if line["balance_after"] != nil { out += "  (balance \(yen(line["balance_now"])) -> \(yen(line["balance_after"])))" }
        }
        return out
    }

    /// 利用実績: a page of payments.
    static func usage(_ object: [String: Any]) -> String {
        let rows = (object["rows"] as? [[String: Any]] ?? []).map { row -> [String] in
            [
                DisplayText.time(row["time"] as? String ?? ""), row["payment"] as? String ?? "", yen(row["amount"]),
                row["program"] as? String ?? "", row["store"] as? String ?? "", row["terminal"] as? String ?? "",
                (row["refund"] as? String).map { refund in
                    let memo = (row["refund_memo"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                    return "refunded \(refund)" + (memo.map { " (\($0))" } ?? "")
                } ?? "",
            ]
        }
        let page = object["page"] as? Int ?? 0
        let pages = object["page_count"] as? Int ?? 0
        if rows.isEmpty { return page > pages && pages > 0 ? "nothing found on page \(page): the list has \(pages) page(s)" : "nothing found" }
        let header = "page \(page) of \(pages), \(object["matching"] as? Int ?? 0) payments"
        return header + "\n" + columns(["time", "payment", "amount", "program", "store", "terminal", "refund"], rows)
    }

    /// Daily or monthly totals per program, with the total row.
    static func totals(_ object: [String: Any]) -> String {
        var rows = (object["rows"] as? [[String: Any]] ?? []).map { row -> [String] in
            [row["period"] as? String ?? "", row["program"] as? String ?? "", "\(row["count"] as? Int ?? 0)", yen(row["amount"])]
        }
        let total = tally(object["total"])
        rows.append(["total", "", total.count, total.amount])
        return columns(["period", "program", "count", "amount"], rows)
    }

    /// 支払一覧: each closing period and what is due.
    static func settlement(_ object: [String: Any]) -> String {
        let rows = (object["periods"] as? [[String: Any]] ?? []).map { period -> [String] in
            let paid = tally(period["payments"])
            let refunded = tally(period["refunds"])
            return [
                "\(period["from"] as? String ?? "") to \(period["closing"] as? String ?? "")", period["payout"] as? String ?? "",
                paid.count, paid.amount, refunded.amount, yen(period["due"]),
            ]
        }
        return "program \(object["program"] as? String ?? "?"): total due \(yen(object["total_due"]))\n"
            + columns(["period", "payout", "payments", "amount", "refunded", "due"], rows)
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
            out += "\n  \(index + 1). \(DisplayText.padded(code, to: 36)) \(yen(line["amount"]))"
        }
        return out
    }

    static func payment(_ id: String, _ object: [String: Any]) -> String {
        var out = "payment \(id)  \(DisplayText.time(object["time"] as? String ?? ""))  program \(object["program"] as? String ?? "?")"
        out += "  terminal \(object["terminal"] as? String ?? "?")"
        out += "\npaid \(yen(object["amount"])) of \(yen(object["requested"]))"
        if let refund = object["refund"] as? String { out += "  refunded (\(refund))" }
        for (index, line) in (object["lines"] as? [[String: Any]] ?? []).enumerated() {
            let code = line["code"] as? String ?? "?"
            out += "\n  \(index + 1). \(DisplayText.padded(code, to: 36)) \(yen(line["amount"]))"
            out += "  (left \(yen(line["balance_after"])))"
        }
        return out
    }

    static func fields(_ object: [String: Any], prefix: String = "") -> String {
        object.keys.sorted().map { key in
            let value = object[key]
            if let nested = value as? [String: Any] { return fields(nested, prefix: prefix + key + ".") }
            return "\(DisplayText.padded(prefix + key, to: 24)) \(cell(value, key: key))"
        }.joined(separator: "\n")
    }
}
