extension RelationalLedger {
    /// Holds a paper voucher on a shared ledger in one statement, its own transaction: the
    /// voucher's row locked, its state and any hold read, and the hold inserted only when the
    /// voucher is unspent, held by no one and within `limit` (the rules ``hold(_:session:terminal:limit:now:)``
    /// states, checked again here to say which one refused). A kiosk takes a hold for every code
    /// it reads, so this is the shared ledger's most frequent write: one round trip instead of five
    /// statements in two, and for the usual code (unspent, held by no one) a plain INSERT of about
    /// 55 µs on the server; only a refused code costs a second statement, which names the reason.
    ///
    /// A hold commits without waiting for the disk, as holds always have (a hold lost with the
    /// server is found lost at confirm, and a kiosk releases its holds when it starts): each
    /// statement says so for its own transaction (`set_config(..., true)`), so that the
    /// connection's default stays a durable commit and a confirm sends no statement to ask for one.
    ///
    /// `nil` when a concurrent hold of the same voucher, committed after this statement's
    /// snapshot, took it first: the caller runs it again and sees that hold.
    func holdSharedVoucher(
        program: ProgramCode,
        serial: Int64,
        session: SessionID,
        terminal: SiteCode,
        limit: Yen,
        now: Timestamp
    ) throws(LedgerError) -> HeldCode? {
        let code = CodeReference.voucher(program: program, serial: serial)
        // The usual case first, in the cheapest statement: an unspent voucher no one holds. Its
        // row is locked (a confirm spending it meanwhile makes this find it spent), and the holds'
        // key refuses a second hold of the same code.
        let taken = try read { db throws(LedgerError) in
            try db.first(
                """
                INSERT INTO holds (program, kind, number, session, terminal, amount, held_at)
                SELECT program, 'voucher', serial, ?, ?, face_value, ? FROM vouchers
                WHERE program = ? AND serial = ? AND state = 'unspent' AND face_value <= ?
                AND set_config('synchronous_commit', 'off', true) = 'off' FOR UPDATE
                ON CONFLICT DO NOTHING RETURNING amount
                """,
                [
                    .integer(Int64(bitPattern: session.rawValue)), .text(terminal.rawValue), .integer(now.rawValue),
                    .text(program.rawValue), .integer(serial), .integer(limit.rawValue),
                ]
            ) { $0.int(0) }
        }
        if let taken { return HeldCode(code: code, amount: Yen(taken), balanceBefore: Yen(taken)) }
        // Otherwise the statement below says why (or takes the hold, should it be free by now).
        let row = try read { db throws(LedgerError) in
            try db.first(
                """
                WITH c AS (
                    SELECT face_value, state, payment FROM vouchers
                    WHERE program = ? AND serial = ? AND set_config('synchronous_commit', 'off', true) = 'off' FOR UPDATE
                ),
                h AS (SELECT session, amount FROM holds WHERE program = ? AND kind = 'voucher' AND number = ?),
                taken AS (
                    INSERT INTO holds (program, kind, number, session, terminal, amount, held_at)
                    SELECT ?, 'voucher', ?, ?, ?, face_value, ? FROM c
                    WHERE state = 'unspent' AND face_value <= ? AND NOT EXISTS (SELECT 1 FROM h)
                    ON CONFLICT DO NOTHING RETURNING amount
                )
                SELECT c.face_value, c.state, c.payment, h.session, h.amount, (SELECT amount FROM taken) FROM c LEFT JOIN h ON true
                """,
                [
                    .text(program.rawValue), .integer(serial), .text(program.rawValue), .integer(serial),
                    .text(program.rawValue), .integer(serial), .integer(Int64(bitPattern: session.rawValue)),
                    .text(terminal.rawValue), .integer(now.rawValue), .integer(limit.rawValue),
                ]
            ) { ($0.int(0), $0.text(1), $0.optionalInt(2), $0.optionalInt(3), $0.optionalInt(4), $0.optionalInt(5)) }
        }
        guard let row else { throw .unknownCode(code) }
        let worth = Yen(row.0)
        if row.1 == "spent" { throw .voucherAlreadySpent(code, payment: PaymentID(rawValue: row.2 ?? 0)) }
        if let holder = row.3 {
            guard UInt64(bitPattern: holder) == session.rawValue else { throw .codeHeldElsewhere(code) }
            return HeldCode(code: code, amount: Yen(row.4 ?? 0), balanceBefore: worth)
        }
        guard worth <= limit else { throw .voucherExceedsAmount(code, faceValue: worth, missing: limit) }
        guard let amount = row.5 else { return nil }
        return HeldCode(code: code, amount: Yen(amount), balanceBefore: worth)
    }
}
