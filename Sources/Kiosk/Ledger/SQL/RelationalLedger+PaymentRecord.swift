extension RelationalLedger {
    /// What recording a payment's row did, for the confirm to check before it goes on.
    struct PaymentRecord {
        /// The new payment's id; `nil` when its idempotency key was taken (a repeat), in which
        /// case nothing else changed.
        var payment: Int64?
        /// The session's holds, released: each code's held amount.
        var released: [CodeReference: Int64]
        /// The serials among the payment's that were unspent and are now spent by it.
        var spentSerials: Set<Int64>
    }

    /// Inserts a payment's row (`row`: its columns in the order of the INSERT below), releases its
    /// session's holds and spends its paper vouchers (`serials`, those still unspent).
    ///
    /// On a shared ledger the three are one statement, one round trip of the confirm instead of
    /// three: the holds and vouchers change only when the payment row was inserted. SQLite runs
    /// them one after the other in its file.
    static func recordPayment(
        _ db: any SQLDatabase,
        row: [SQLValue],
        session: SessionID,
        program: ProgramCode,
        serials: [Int64]
    ) throws(LedgerError) -> PaymentRecord {
        let sessionValue = SQLValue.integer(Int64(bitPattern: session.rawValue))
        let insertPayment = """
            INSERT INTO payments (at, program, store, terminal, operator, requested, amount, session, idempotency_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """
        let deleteHolds = "DELETE FROM holds WHERE session = ?"
        let heldCodes = " RETURNING program, kind, number, amount"
        let serialList = "(" + Array(repeating: "?", count: serials.count).joined(separator: ", ") + ")"
        var record = PaymentRecord(payment: nil, released: [:], spentSerials: [])
        func release(kind: String, program: String, number: Int64, amount: Int64) throws(LedgerError) {
            record.released[try reference(kind: kind, program: program, number: number)] = amount
        }
        guard db.dialect == .postgresql else {
            record.payment = try db.first(insertPayment, row) { $0.int(0) }
            guard let payment = record.payment else { return record }
            let holds = try db.all(deleteHolds + heldCodes, [sessionValue]) {
                ($0.text(0), $0.text(1), $0.int(2), $0.int(3))
            }
            for hold in holds { try release(kind: hold.1, program: hold.0, number: hold.2, amount: hold.3) }
            if !serials.isEmpty {
                record.spentSerials = Set(
                    try db.all(
                        "UPDATE vouchers SET state = 'spent', payment = ? WHERE program = ? AND state = 'unspent' AND serial IN "
                            + serialList + " RETURNING serial",
                        [.integer(payment), .text(program.rawValue)] + serials.map { .integer($0) }
                    ) { $0.int(0) })
            }
            return record
        }
        // One row per change: the payment ('p'), each hold released ('h'), each voucher spent ('v').
        let spend =
            serials.isEmpty
            ? ""
            : """
            , v AS (
                UPDATE vouchers SET state = 'spent', payment = (SELECT id FROM p)
                WHERE EXISTS (SELECT 1 FROM p) AND program = ? AND state = 'unspent' AND serial IN \(serialList) RETURNING serial
            )
            """
        let rows = try db.all(
            """
            WITH p AS (\(insertPayment)),
            h AS (\(deleteHolds) AND EXISTS (SELECT 1 FROM p)\(heldCodes))\(spend)
            SELECT 'p', id, NULL, NULL, NULL FROM p
            UNION ALL SELECT 'h', number, program, kind, amount FROM h
            """ + (serials.isEmpty ? "" : "\nUNION ALL SELECT 'v', serial, NULL, NULL, NULL FROM v"),
            row + [sessionValue] + (serials.isEmpty ? [] : [.text(program.rawValue)] + serials.map { .integer($0) })
        ) { ($0.text(0), $0.int(1), $0.text(2), $0.text(3), $0.optionalInt(4)) }
        for (what, number, program, kind, amount) in rows {
            switch what {
            case "p": record.payment = number
            case "h": try release(kind: kind, program: program, number: number, amount: amount ?? 0)
            default: record.spentSerials.insert(number)
            }
        }
        return record
    }
}
