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

    /// Inserts a payment's row (`row`: its columns in the order of the INSERT below; `id`: its
    /// number, or `nil` for the next of the table's own), releases its session's holds and spends
    /// its paper vouchers (`serials`, those still unspent).
    ///
    /// On a shared ledger the three are one statement, one round trip of the confirm instead of
    /// three: the holds and vouchers change only when the payment row was inserted. SQLite runs
    /// them one after the other in its file.
    static func recordPayment(
        _ db: any SQLDatabase,
        id: Int64? = nil,
        row: [SQLValue],
        session: SessionID,
        program: ProgramCode,
        serials: [Int64]
    ) throws(LedgerError) -> PaymentRecord {
        let sessionValue = SQLValue.integer(Int64(bitPattern: session.rawValue))
        let insertPayment =
            id == nil
            ? """
            INSERT INTO payments (at, program, store, terminal, operator, requested, amount, session, idempotency_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """
            : """
            INSERT INTO payments (id, at, program, store, terminal, operator, requested, amount, session, idempotency_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """
        let row = (id.map { [SQLValue.integer($0)] } ?? []) + row
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

    /// Records a payment of paper vouchers on a shared ledger without waiting for the answer, so
    /// it travels with the rest of the confirm and its COMMIT: the payment row under the number
    /// `id` the kiosk reserved (`row`: the other columns, as for ``recordPayment(_:row:session:program:serials:)``),
    /// its session's holds released and its vouchers spent, in one statement.
    ///
    /// The statement checks on the server what the two-step confirm checks in kioskd between its
    /// round trips: the payment recorded (its idempotency key unused), each line's hold released
    /// with the line's amount, each voucher spent by this payment. Otherwise it fails with
    /// ``PostgreSQLSchema/confirmCheckFailed`` and the transaction changes nothing. `lines` are
    /// distinct serials of `program`.
    static func recordVoucherPaymentLater(
        _ db: any SQLDatabase,
        id: Int64,
        row: [SQLValue],
        session: SessionID,
        program: ProgramCode,
        lines: [(serial: Int64, amount: Yen)]
    ) throws(LedgerError) {
        let serialList = Array(repeating: "?", count: lines.count).joined(separator: ", ")
        let expected = Array(repeating: "(?::bigint, ?::bigint)", count: lines.count).joined(separator: ", ")
        var bindings: [SQLValue] = [.integer(id)] + row
        bindings.reserveCapacity(bindings.count + 6 + 3 * lines.count)
        bindings += [.integer(Int64(bitPattern: session.rawValue)), .integer(id), .text(program.rawValue)]
        for line in lines { bindings.append(.integer(line.serial)) }
        bindings.append(.integer(Int64(lines.count)))
        for line in lines { bindings += [.integer(line.serial), .integer(line.amount.rawValue)] }
        bindings += [.text(program.rawValue), .integer(Int64(lines.count))]
        try db.runLater(
            """
            WITH p AS (
                INSERT INTO payments (id, at, program, store, terminal, operator, requested, amount, session, idempotency_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            ),
            h AS (DELETE FROM holds WHERE session = ? AND EXISTS (SELECT 1 FROM p) RETURNING program, kind, number, amount),
            v AS (
                UPDATE vouchers SET state = 'spent', payment = ?
                WHERE EXISTS (SELECT 1 FROM p) AND program = ? AND state = 'unspent' AND serial IN (\(serialList)) RETURNING serial
            )
            SELECT ledger_require(
                EXISTS (SELECT 1 FROM p)
                AND (SELECT count(*) FROM v) = ?
                AND (
                    SELECT count(*) FROM h JOIN (VALUES \(expected)) AS line (number, amount)
                    ON h.program = ? AND h.kind = 'voucher' AND h.number = line.number AND h.amount = line.amount
                ) = ?,
                'the payment'
            )
            """,
            bindings
        )
    }
}
