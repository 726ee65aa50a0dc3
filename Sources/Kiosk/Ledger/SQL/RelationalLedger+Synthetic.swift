extension RelationalLedger {
    /// Fills the ledger with `count` synthetic one-voucher payments of a paper program, spread evenly
    /// over `period`, for benchmarks and load tests of a big ledger.
    ///
    /// Writes what confirms would have written (new vouchers, spent; payments; lines; chained audit
    /// entries), in large transactions without waiting for the disk (a crash mid-load loses the load, not
    /// older data). Outbox events are not written: they would have been delivered and pruned.
    ///
    /// - Throws: ``LedgerError/invalidIssuance(reason:)`` for a non-paper program or a bad count.
    public func loadSyntheticPayments(
        count: Int,
        program code: ProgramCode,
        terminal terminalCode: SiteCode,
        period: Range<Timestamp>,
        by principal: Principal
    ) throws(LedgerError) {
        guard count > 0, count <= 10_000_000 else { throw .invalidIssuance(reason: "1 to 10,000,000 payments") }
        let program = try self.program(code)
        let terminal = try self.terminal(terminalCode)
        let last: Int64? = try read { db throws(LedgerError) -> Int64? in
            try db.first("SELECT max(serial) FROM vouchers WHERE program = ?", [.text(code.rawValue)]) {
                $0.optionalInt(0)
            } ?? nil
        }
        let firstSerial = (last ?? 0) + 1
        guard program.kind == .paper else { throw .invalidIssuance(reason: "synthetic payments use a paper program") }
        guard firstSerial + Int64(count) - 1 <= VoucherCodec.maximumSerial else {
            throw .invalidIssuance(reason: "the program would pass serial \(VoucherCodec.maximumSerial)")
        }
        let span = period.upperBound.rawValue - period.lowerBound.rawValue
        let batch = 20_000
        var done = 0
        try read { db throws(LedgerError) in
            try db.execute(db.dialect == .sqlite ? "PRAGMA synchronous=OFF" : "SET synchronous_commit = off")
        }
        defer {
            try? read { db throws(LedgerError) in
                try db.execute(db.dialect == .sqlite ? "PRAGMA synchronous=FULL" : "SET synchronous_commit = on")
            }
        }
        while done < count {
            let size = min(batch, count - done)
            let start = done
            try write { db throws(LedgerError) in
                // The batch's vouchers are issued first in the audit log, as `issueVouchers` records
                // them, so the money check finds each row where the chain says.
                struct Issued: Encodable { var first: Int64, last: Int64, count: Int, faceValue: Yen }
                let firstOfBatch = firstSerial + Int64(start)
                try Self.appendAudit(
                    db,
                    principal: principal,
                    now: period.lowerBound,
                    action: "vouchers.issued",
                    subject: code.rawValue,
                    detail: Issued(first: firstOfBatch, last: firstOfBatch + Int64(size) - 1, count: size, faceValue: program.faceValue)
                )
                for index in start..<(start + size) {
                    let serial = firstSerial + Int64(index)
                    let at = Timestamp(rawValue: period.lowerBound.rawValue + span / Int64(count) * Int64(index))
                    let key = "synthetic-\(code)-\(serial)"
                    let id = try db.insert(
                        "INSERT INTO payments (at, program, store, terminal, operator, requested, amount, session, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            .integer(at.rawValue), .text(code.rawValue), .text(terminal.store.rawValue),
                            .text(terminal.code.rawValue), .text(principal.name), .integer(program.faceValue.rawValue),
                            .integer(program.faceValue.rawValue), .integer(serial), .text(key),
                        ]
                    )
                    try Self.addToReportTotals(
                        db,
                        .paid,
                        at: at,
                        amount: program.faceValue,
                        program: code,
                        store: terminal.store,
                        terminal: terminal.code
                    )
                    try db.run(
                        "INSERT INTO vouchers (program, serial, face_value, state, payment, issued_at) VALUES (?, ?, ?, 'spent', ?, ?)",
                        [
                            .text(code.rawValue), .integer(serial), .integer(program.faceValue.rawValue), .integer(id),
                            .integer(period.lowerBound.rawValue),
                        ]
                    )
                    try db.run(
                        "INSERT INTO payment_lines (payment, position, kind, program, number, amount, balance_after) VALUES (?, 0, 'voucher', ?, ?, ?, 0)",
                        [.integer(id), .text(code.rawValue), .integer(serial), .integer(program.faceValue.rawValue)]
                    )
                    try Self.appendAudit(
                        db,
                        principal: principal,
                        now: at,
                        action: "payment.confirmed",
                        subject: PaymentID(rawValue: id).description,
                        detailJSON: Payment(
                            id: PaymentID(rawValue: id),
                            at: at,
                            program: code,
                            store: terminal.store,
                            terminal: terminal.code,
                            operatorName: principal.name,
                            requested: program.faceValue,
                            amount: program.faceValue,
                            lines: [PaymentLine(code: .voucher(program: code, serial: serial), amount: program.faceValue, balanceAfter: 0)],
                            session: SessionID(rawValue: UInt64(serial)),
                            idempotencyKey: IdempotencyKey(key)!,
                            refund: nil
                        ).jsonText
                    )
                }
            }
            done += size
        }
    }
}
