/// Migration 4's filling of `report_totals` from the payments and refunds already stored, in SQL
/// both databases run as it is (schema 4 of ``SQLiteSchema`` and ``PostgreSQLSchema``).
enum ReportTotalsBackfill {
    static let sql = """
    INSERT INTO report_totals (bucket, program, store, terminal, paid_count, paid_amount)
        SELECT at / 900000000, program, store, terminal, count(*), sum(amount) FROM payments
        WHERE true GROUP BY 1, 2, 3, 4;
    INSERT INTO report_totals (bucket, program, store, terminal, voided_count, voided_amount)
        SELECT p.at / 900000000, p.program, p.store, p.terminal, count(*), sum(p.amount)
        FROM refunds r JOIN payments p ON p.id = r.payment WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (bucket, program, store, terminal) DO UPDATE
        SET voided_count = excluded.voided_count, voided_amount = excluded.voided_amount;
    INSERT INTO report_totals (bucket, program, store, terminal, refund_count, refund_amount)
        SELECT r.at / 900000000, p.program, p.store, p.terminal, count(*), sum(r.amount)
        FROM refunds r JOIN payments p ON p.id = r.payment WHERE true GROUP BY 1, 2, 3, 4
        ON CONFLICT (bucket, program, store, terminal) DO UPDATE
        SET refund_count = excluded.refund_count, refund_amount = excluded.refund_amount;
    """
}
