import Foundation

extension RelationalLedger {
    /// The last entry of the ledger's own audit chain (the city's, on a shared ledger, whose last
    /// anchor binds the terminals' chains), or `nil` while the chain is empty.
    public func auditHead() throws(LedgerError) -> AuditCheckpoint? {
        try read { db throws(LedgerError) in
            try db.first("SELECT seq, hash FROM audit_heads WHERE chain = ''") { AuditCheckpoint(sequence: $0.int(0), hash: $0.blob(1)) }
        }
    }

    /// Compares every payment, refund, voucher and e-ticket row with what the audit chain says it
    /// must hold, naming each row that differs (``MoneyVerification``).
    public func verifyMoney() throws(LedgerError) -> MoneyVerification {
        try read { db throws(LedgerError) -> MoneyVerification in
            var replay = MoneyReplay()
            var after: Int64 = 0
            while true {
                let batch = try Self.readAudit(db, after: after, limit: 10_000)
                for entry in batch { replay.apply(entry) }
                guard let last = batch.last else { break }
                after = last.position
            }
            var findings = replay.unreadable
            func found(_ table: String, _ row: String, _ reason: String) {
                if findings.count < MoneyVerification.maximumFindings { findings.append(.init(table: table, row: row, reason: reason)) }
            }

            // Payments: the row, read back as kioskd reads it, must be the audited JSON.
            let paymentIDs = try db.all("SELECT id FROM payments ORDER BY id") { PaymentID(rawValue: $0.int(0)) }
            var seen = Set<PaymentID>()
            for id in paymentIDs {
                seen.insert(id)
                guard let audited = replay.payments[id] else {
                    found("payments", id.description, "is not in the audit log (added outside kioskd)")
                    continue
                }
                var payment: Payment
                do throws(LedgerError) {
                    payment = try Self.readPayment(db, id)
                } catch {
                    found("payments", id.description, "cannot be read: \(error.message)")
                    continue
                }
                payment.refund = nil
                let json = payment.jsonText
                if json != audited.json {
                    found("payments", id.description, Self.difference(json, audited.json, entry: audited.entry))
                }
            }
            for (id, audited) in replay.payments.sorted(by: { $0.key < $1.key }) where !seen.contains(id) {
                found("payments", id.description, "is missing: audit entry \(audited.entry) recorded it (deleted outside kioskd)")
            }

            // Refunds, keyed by their payment.
            let refundPayments = try db.all("SELECT payment FROM refunds ORDER BY payment") { PaymentID(rawValue: $0.int(0)) }
            var refunded = Set<PaymentID>()
            for payment in refundPayments {
                refunded.insert(payment)
                let row = "of \(payment)"
                guard let audited = replay.refunds[payment] else {
                    found("refunds", row, "is not in the audit log (added outside kioskd)")
                    continue
                }
                guard let refund = try Self.readRefund(db, where: "payment = ?", .integer(payment.rawValue)) else { continue }
                let json = try Self.json(refund)
                if json != audited.json { found("refunds", row, Self.difference(json, audited.json, entry: audited.entry)) }
            }
            for (payment, audited) in replay.refunds.sorted(by: { $0.key < $1.key }) where !refunded.contains(payment) {
                found("refunds", "of \(payment)", "is missing: audit entry \(audited.entry) recorded it (deleted outside kioskd)")
            }

            // Vouchers: face value and who spent them.
            typealias VoucherRow = (String, Int64, Int64, String, Int64?)
            let voucherRows: [VoucherRow] = try db.all(
                "SELECT program, serial, face_value, state, payment FROM vouchers ORDER BY program, serial"
            ) { ($0.text(0), $0.int(1), $0.int(2), $0.text(3), $0.optionalInt(4)) }
            var expectedVouchers = replay.vouchers
            for row in voucherRows {
                let name = "\(row.0) voucher \(row.1)"
                guard let program = ProgramCode(row.0), let expected = expectedVouchers[program]?.removeValue(forKey: row.1) else {
                    found("vouchers", name, "was never issued in the audit log (added outside kioskd)")
                    continue
                }
                let payment = row.3 == "spent" ? row.4.map { PaymentID(rawValue: $0) } : nil
                if row.2 != expected.faceValue.rawValue {
                    found("vouchers", name, "face value is \(row.2) in the row, \(expected.faceValue.rawValue) in the audit log")
                } else if payment != expected.payment || (row.3 == "spent") != (expected.payment != nil) {
                    let now = payment.map { "spent in \($0)" } ?? row.3
                    let audited = expected.payment.map { "spent in \($0)" } ?? "unspent"
                    found("vouchers", name, "is \(now) in the row, \(audited) by the audit log")
                }
            }
            for (program, rest) in expectedVouchers.sorted(by: { $0.key < $1.key }) {
                for serial in rest.keys.sorted() { found("vouchers", "\(program) voucher \(serial)", "is missing (deleted outside kioskd)") }
            }

            // E-tickets: issue balance, balance after every payment and refund, expiry.
            typealias TicketRow = (String, Int64, Int64, Int64, Int64)
            let ticketRows: [TicketRow] = try db.all(
                "SELECT program, id, issued_balance, balance, expiry FROM etickets ORDER BY program, id"
            ) { ($0.text(0), $0.int(1), $0.int(2), $0.int(3), $0.int(4)) }
            var expectedTickets = replay.eTickets
            for row in ticketRows {
                let name = "\(row.0) e-ticket \(row.1)"
                guard let program = ProgramCode(row.0), let expected = expectedTickets[program]?.removeValue(forKey: row.1) else {
                    found("etickets", name, "was never issued in the audit log (added outside kioskd)")
                    continue
                }
                if row.2 != expected.issued.rawValue {
                    found("etickets", name, "issue balance is \(row.2) in the row, \(expected.issued.rawValue) in the audit log")
                } else if row.3 != expected.balance.rawValue {
                    found("etickets", name, "balance is \(row.3) in the row, \(expected.balance.rawValue) by the audit log")
                } else if row.4 != expected.expiry.rawValue {
                    found("etickets", name, "expiry is \(Timestamp(rawValue: row.4)) in the row, \(expected.expiry) in the audit log")
                }
            }
            for (program, rest) in expectedTickets.sorted(by: { $0.key < $1.key }) {
                for ticket in rest.keys.sorted() { found("etickets", "\(program) e-ticket \(ticket)", "is missing (deleted outside kioskd)") }
            }
            return MoneyVerification(
                payments: paymentIDs.count,
                refunds: refundPayments.count,
                vouchers: voucherRows.count,
                eTickets: ticketRows.count,
                findings: findings
            )
        }
    }

    /// The fields in which a row's JSON differs from its audited JSON, in words.
    static func difference(_ row: String, _ audited: String, entry: String) -> String {
        let mine = (try? JSONSerialization.jsonObject(with: Data(row.utf8))) as? [String: Any] ?? [:]
        let theirs = (try? JSONSerialization.jsonObject(with: Data(audited.utf8))) as? [String: Any] ?? [:]
        func text(_ value: Any?) -> String {
            guard let value else { return "absent" }
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
        let fields = Set(mine.keys).union(theirs.keys).sorted().filter { text(mine[$0]) != text(theirs[$0]) }
        let parts = fields.prefix(3).map { "\($0) is \(text(mine[$0])) in the row, \(text(theirs[$0])) in audit entry \(entry)" }
        return parts.isEmpty ? "differs from audit entry \(entry)" : parts.joined(separator: "; ")
    }
}
