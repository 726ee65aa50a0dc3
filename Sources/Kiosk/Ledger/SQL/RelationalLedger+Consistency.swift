extension RelationalLedger {
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
                "SELECT count(*) FROM (SELECT program, number FROM payment_lines l WHERE kind = 'voucher' AND \(live) GROUP BY program, number HAVING count(*) > 1) AS twice",
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
            // Joined on the voucher's key, not `NOT EXISTS (... state = 'spent' ...)`: with statistics
            // from before a busy hour, PostgreSQL estimated one spent voucher, scanned them all once
            // per payment line, and the check of a day's 86,000 lines ran for minutes.
            try expectZero(
                """
                SELECT count(*) FROM payment_lines l LEFT JOIN vouchers v ON v.program = l.program AND v.serial = l.number
                WHERE l.kind = 'voucher' AND \(live)
                    AND (v.serial IS NULL OR v.state != 'spent' OR v.payment IS NULL OR v.payment != l.payment)
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
            // The reports' summary (schema 3) equals the rows it sums, bucket by bucket.
            let recomputed = """
                SELECT bucket, program, store, terminal, sum(pc), sum(pa), sum(vc), sum(va), sum(rc), sum(ra) FROM (
                    SELECT at / 900000000 AS bucket, program, store, terminal, 1 AS pc, amount AS pa, 0 AS vc,
                        0 AS va, 0 AS rc, 0 AS ra FROM payments
                    UNION ALL SELECT p.at / 900000000, p.program, p.store, p.terminal, 0, 0, 1, p.amount, 0, 0
                        FROM refunds r JOIN payments p ON p.id = r.payment
                    UNION ALL SELECT r.at / 900000000, p.program, p.store, p.terminal, 0, 0, 0, 0, 1, r.amount
                        FROM refunds r JOIN payments p ON p.id = r.payment
                ) AS rows GROUP BY 1, 2, 3, 4
                """
            let stored = """
                SELECT bucket, program, store, terminal, paid_count, paid_amount, voided_count, voided_amount,
                    refund_count, refund_amount FROM report_totals
                """
            try expectZero(
                "SELECT (SELECT count(*) FROM (\(stored) EXCEPT \(recomputed)) AS extra) + (SELECT count(*) FROM (\(recomputed) EXCEPT \(stored)) AS missing)",
                "report summary rows that differ from the payments and refunds they sum"
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
