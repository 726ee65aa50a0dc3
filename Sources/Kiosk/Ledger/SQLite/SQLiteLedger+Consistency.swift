extension SQLiteLedger {
    /// Checks the file and every money invariant: no voucher spent twice, spent vouchers and live
    /// payment lines agree, each payment equals its lines, refunds equal their payments, and
    /// payments minus refunds equal the value taken from codes.
    public func consistency() throws(LedgerError) -> LedgerConsistency {
        let integrity = try integrityCheck()
        return try read { db throws(LedgerError) -> LedgerConsistency in
            func count(_ sql: String) throws(LedgerError) -> Int64 { try db.first(sql) { $0.int(0) } ?? 0 }
            var violations: [String] = []
            func expectZero(_ sql: String, _ what: String) throws(LedgerError) {
                let found = try count(sql)
                if found != 0 { violations.append("\(found) \(what)") }
            }
            let live = "NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment = l.payment)"
            try expectZero(
                "SELECT count(*) FROM (SELECT program, number FROM payment_lines l WHERE kind = 'voucher' AND \(live) GROUP BY program, number HAVING count(*) > 1)",
                "vouchers spent in more than one live payment"
            )
            try expectZero(
                """
                SELECT count(*) FROM vouchers v WHERE v.state = 'spent' AND NOT EXISTS (
                    SELECT 1 FROM payment_lines l WHERE l.kind = 'voucher' AND l.program = v.program AND l.number = v.serial
                        AND l.payment = v.payment AND \(live))
                """,
                "spent vouchers without a live payment line"
            )
            try expectZero(
                """
                SELECT count(*) FROM payment_lines l WHERE l.kind = 'voucher' AND \(live) AND NOT EXISTS (
                    SELECT 1 FROM vouchers v WHERE v.program = l.program AND v.serial = l.number AND v.state = 'spent'
                        AND v.payment = l.payment)
                """,
                "live payment lines whose voucher is not spent by that payment"
            )
            try expectZero(
                "SELECT count(*) FROM payments p WHERE p.amount != (SELECT coalesce(sum(amount), 0) FROM payment_lines l WHERE l.payment = p.id)",
                "payments whose amount differs from the sum of their lines"
            )
            try expectZero(
                "SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment WHERE r.amount != p.amount",
                "refunds whose amount differs from their payment"
            )
            try expectZero(
                "SELECT count(*) FROM payment_lines l LEFT JOIN vouchers v ON l.kind = 'voucher' AND v.program = l.program AND v.serial = l.number LEFT JOIN etickets e ON l.kind = 'eticket' AND e.program = l.program AND e.id = l.number WHERE v.serial IS NULL AND e.id IS NULL",
                "payment lines naming no voucher or e-ticket"
            )
            let paid = try count("SELECT coalesce(sum(amount), 0) FROM payments")
            let refunded = try count("SELECT coalesce(sum(amount), 0) FROM refunds")
            let spent =
                try count("SELECT coalesce(sum(face_value), 0) FROM vouchers WHERE state = 'spent'")
                + count("SELECT coalesce(sum(issued_balance - balance), 0) FROM etickets")
            if paid - refunded != spent {
                violations.append("payments minus refunds (\(paid - refunded)) differ from the value spent (\(spent))")
            }
            return LedgerConsistency(
                integrity: integrity,
                payments: Int(try count("SELECT count(*) FROM payments")),
                refunds: Int(try count("SELECT count(*) FROM refunds")),
                paid: Yen(paid),
                refunded: Yen(refunded),
                valueSpent: Yen(spent),
                holds: Int(try count("SELECT count(*) FROM holds")),
                violations: violations
            )
        }
    }
}
