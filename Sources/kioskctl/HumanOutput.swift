import Foundation
import KioskProtocol

/// Turns kioskd's results and events into the short tables an operator reads.
enum HumanOutput {
    /// An amount with thousands separators and its unit: `3,000 yen`.
    static func yen(_ value: Yen?) -> String { value?.description ?? "-" }

    /// A result as a person reads it.
    static func render(_ result: ControlResult) -> String {
        switch result {
        case .audit(let view): return audit(view)
        case .ledgerCheck(let view): return ledgerCheck(view)
        case .auditHead(let view): return view.head.isEmpty ? "(the audit log is empty)" : view.head
        case .sales(let view): return sales(view)
        case .usage(let view): return usage(view)
        case .totals(let view): return totals(view)
        case .settlement(let view): return settlement(view)
        case .refund(let view): return refund(view)
        case .cameraList(let view): return cameraList(view)
        case .session(let view): return session(view)
        case .payment(let view): return payment(view)
        case .sessions(let views): return table(views)
        case .accounts(let views): return table(views)
        case .payments(let views): return views.isEmpty ? "nothing found" : table(views)
        case .programs(let views): return table(views)
        case .exports(let views): return table(views)
        case .sites(let views): return table(views)
        default: return fields(TableValue.of(result).fields)
        }
    }

    /// An event as `watch` prints it, after its `[kind]`.
    static func render(_ event: ControlEvent) -> String {
        switch event {
        case .scan(let scan):
            let text = scan.text ?? "(binary) " + scan.payloadHex
            let flags = [scan.inverted ? "inverted" : nil, scan.mirrored ? "mirrored" : nil].compactMap { $0 }
            let latency = String(format: "%.1f ms", scan.latencyMilliseconds)
            return "\(text)  (\(scan.symbol)\(flags.isEmpty ? "" : ", " + flags.joined(separator: ", ")), \(latency))"
        case .scanRefused(let refusal): return "session \(refusal.session): \(refusal.message) [\(refusal.code)]"
        case .camera(let camera): return "\(camera.source): \(camera.state)"
        case .session(let view): return session(view)
        case .payment(let view): return payment(view)
        case .refund(let view): return refund(view)
        case .stopping(let view): return view.message
        }
    }

    static func cameraList(_ list: CameraListView) -> String {
        let devices = list.devices.map { device -> String in
            let mark = device.configured ? "  (the configured camera)" : ""
            let formats = device.formats.map { "\n  \($0)" }.joined()
            return "\(device.path)\(mark)\n  \(device.card), driver \(device.driver)\(formats)"
        }
        let failures = list.failures.map { "cannot query: \($0)" }
        return devices.isEmpty && failures.isEmpty
            ? "no capture devices found" : (devices + failures).joined(separator: "\n")
    }

    /// The chain and the money rows checked against it, each problem on its own line.
    static func audit(_ view: AuditView) -> String {
        let money = view.money
        var lines: [String] = []
        let checked =
            "\(view.checked) audit entries; \(money.payments) payments, "
            + "\(money.refunds) refunds, \(money.vouchers) vouchers, "
            + "\(money.etickets) e-tickets compared with them"
        if view.ok {
            lines.append("ok: \(checked)")
        } else {
            lines.append("NOT OK: \(checked)")
            if let bad = view.firstBad { lines.append("  audit entry \(bad): \(view.reason ?? "")") }
            for finding in money.findings { lines.append("  \(finding)") }
        }
        if let head = view.head { lines.append("head: \(head)") }
        return lines.joined(separator: "\n")
    }

    /// The whole ledger check: the file, the invariants, then the audit part.
    static func ledgerCheck(_ view: LedgerCheckView) -> String {
        var lines = ["file integrity: \(view.integrity)"]
        lines.append(view.violations.isEmpty ? "money invariants: ok" : "money invariants: NOT OK")
        lines += view.violations.map { "  \($0)" }
        lines.append(audit(view.audit))
        lines.append(view.ok ? "the ledger is sound" : "THE LEDGER HAS PROBLEMS: see above")
        return lines.joined(separator: "\n")
    }

    /// Views as an aligned table, one column per key any row has, in sorted order.
    static func table(_ views: [some Encodable]) -> String {
        let rows = views.map { TableValue.of($0).fields }
        guard !rows.isEmpty else { return "(none)" }
        let keys = Set(rows.flatMap(\.keys)).sorted()
        let cells = rows.map { row in keys.map { cell(row[$0], key: $0) } }
        let widths = keys.indices.map { column in
            ([keys[column]] + cells.map { $0[column] }).map(DisplayText.width).max() ?? 0
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { DisplayText.padded($0, to: $1) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(keys)] + cells.map(line)).joined(separator: "\n")
    }

    /// Fields that hold yen.
    static let moneyKeys: Set<String> = [
        "requested", "total", "face_value", "unit", "maximum_per_transaction", "net", "due", "total_due", "paid",
        "refunded",
    ]

    /// One value as a person reads it: times local, money with its unit, lists by their codes,
    /// never a raw dictionary or array.
    static func cell(_ value: TableValue?, key: String) -> String {
        switch value {
        case nil, .null?: return "-"
        // valid_until is the first instant no longer valid (midnight after the last day): shown as
        // the last valid second, 2030/06/30 23:59:59, which is what a merchant means by "until".
        case .text(let text)? where key == "valid_until": return DisplayText.time(text, lessOneSecond: true)
        case .text(let text)?: return DisplayText.value(text)
        case .bool(let flag)?: return flag ? "yes" : "no"
        case .integer(let number)? where moneyKeys.contains(key) || key.contains("amount") || key.hasPrefix("balance"):
            return yen(Yen(number))
        case .integer(let number)?: return String(number)
        case .number(let number)?: return String(number)
        case .list(let list)?:
            let codes = list.compactMap { item -> String? in
                if case .text(let code)? = item.fields["code"] { code } else { nil }
            }
            if list.allSatisfy({ if case .object = $0 { true } else { false } }) {
                return codes.count == list.count ? codes.joined(separator: ", ") : "\(list.count) item(s)"
            }
            return list.map { cell($0, key: key) }.joined(separator: ", ")
        case .object(let object)?:
            return object.keys.sorted().map { "\($0) \(cell(object[$0], key: $0))" }.joined(separator: ", ")
        }
    }

    /// Aligned columns, numbers right-aligned.
    static func columns(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(DisplayText.width).max() ?? 0
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).enumerated().map { index, pair in
                let (value, width) = pair
                return index == 0 ? DisplayText.padded(value, to: width) : DisplayText.rightAligned(value, to: width)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func tally(_ tally: ReportViews.TallyView) -> (count: String, amount: String) {
        ("\(tally.count)", yen(tally.amount))
    }

    /// 売上照会: one line a day, newest first, and the total.
    static func sales(_ view: ReportViews.Sales) -> String {
        var rows = view.days.map { day -> [String] in
            let paid = tally(day.payments)
            let refunded = tally(day.refunds)
            return [DisplayText.day(day.day), paid.count, paid.amount, refunded.count, refunded.amount, yen(day.net)]
        }
        let paid = tally(view.payments)
        let refunded = tally(view.refunds)
        rows.append(["total", paid.count, paid.amount, refunded.count, refunded.amount, yen(view.net)])
        return "sales \(DisplayText.day(view.from)) to \(DisplayText.day(view.to))\n"
            + columns(["day", "payments", "amount", "refunds", "amount", "net"], rows)
    }

    /// A refund preview (返金確認) or a refund done.
    static func refund(_ view: RefundView) -> String {
        let payment = view.payment
        var out: String
        if let refund = view.refund {
            out = "refund \(refund)  \(DisplayText.time(view.time ?? ""))  of payment \(payment.payment)"
            out += "\nrefunded \(yen(view.total))"
            if let memo = view.memo, !memo.isEmpty { out += "  memo: \(memo)" }
        } else {
            out = "payment \(payment.payment)  \(DisplayText.time(payment.time))  by \(payment.operatorName)"
            out += "\nwould refund \(yen(view.total))  window closes \(DisplayText.time(view.windowClosesAt ?? "?"))"
            out += view.allowed == true ? "  (you may refund it now)" : "  (not allowed for this account now)"
        }
        for (index, line) in view.lines.enumerated() {
            out += "\n  \(index + 1). \(DisplayText.padded(line.code, to: 36)) \(yen(line.amount))"
            if line.balanceAfter != nil { out += "  (balance \(yen(line.balanceNow)) -> \(yen(line.balanceAfter)))" }
        }
        return out
    }

    /// 利用実績: a page of payments.
    static func usage(_ view: ReportViews.Usage) -> String {
        let rows = view.rows.map { row -> [String] in
            [
                DisplayText.time(row.time), row.payment, yen(row.amount), row.program, row.store, row.terminal,
                row.refund.map { refund in
                    let memo = row.refundMemo.flatMap { $0.isEmpty ? nil : $0 }
                    return "refunded \(refund)" + (memo.map { " (\($0))" } ?? "")
                } ?? "",
            ]
        }
        let page = view.page
        let pages = view.pageCount
        if rows.isEmpty {
            return page > pages && pages > 0
                ? "nothing found on page \(page): the list has \(pages) page(s)" : "nothing found"
        }
        let header = "page \(page) of \(pages), \(view.matching) payments"
        return header + "\n" + columns(["time", "payment", "amount", "program", "store", "terminal", "refund"], rows)
    }

    /// Daily or monthly totals per program, with the total row.
    static func totals(_ view: ReportViews.Totals) -> String {
        var rows = view.rows.map { row -> [String] in [DisplayText.day(row.period), row.program, "\(row.count)", yen(row.amount)] }
        let total = tally(view.total)
        rows.append(["total", "", total.count, total.amount])
        return columns(["period", "program", "count", "amount"], rows)
    }

    /// 支払一覧: each closing period and what is due.
    static func settlement(_ view: ReportViews.Settlement) -> String {
        let rows = view.periods.map { period -> [String] in
            let paid = tally(period.payments)
            let refunded = tally(period.refunds)
            return [
                "\(DisplayText.day(period.from)) to \(DisplayText.day(period.closing))", DisplayText.day(period.payout), paid.count,
                paid.amount, refunded.amount,
                yen(period.due),
            ]
        }
        return "program \(view.program): total due \(yen(view.totalDue))\n"
            + columns(["period", "payout", "payments", "amount", "refunded", "due"], rows)
    }

    static func session(_ view: SessionView) -> String {
        var out = "session \(view.session)  program \(view.program)  \(view.state)"
        if let payment = view.payment { out += "  payment \(payment)" }
        out += "\namount \(yen(view.amount))   read \(yen(view.total))   missing \(yen(view.missing))"
        if view.missing > .zero, view.state == "collecting" { out += "  (insufficient)" }
        for (index, line) in view.lines.enumerated() {
            out += "\n  \(index + 1). \(DisplayText.padded(line.code, to: 36)) \(yen(line.amount))"
        }
        return out
    }

    static func payment(_ view: PaymentView) -> String {
        var out = "payment \(view.payment)  \(DisplayText.time(view.time))  program \(view.program)"
        out += "  terminal \(view.terminal)"
        out += "\npaid \(yen(view.amount)) of \(yen(view.requested))"
        if let refund = view.refund { out += "  refunded (\(refund))" }
        for (index, line) in view.lines.enumerated() {
            out += "\n  \(index + 1). \(DisplayText.padded(line.code, to: 36)) \(yen(line.amount))"
            out += "  (left \(yen(line.balanceAfter)))"
        }
        return out
    }

    /// Fields one per line, `key  value`, nested objects as `outer.inner`.
    static func fields(_ object: [String: TableValue], prefix: String = "") -> String {
        object.keys.sorted().map { key in
            let value = object[key]
            if case .object(let nested)? = value { return fields(nested, prefix: prefix + key + ".") }
            return "\(DisplayText.padded(prefix + key, to: 24)) \(cell(value, key: key))"
        }.joined(separator: "\n")
    }
}
