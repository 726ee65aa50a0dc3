extension RelationalLedger {
    /// What refunding a payment would do and whether `principal` may do it at `now`.
    public func refundPreview(
        _ id: PaymentID,
        for principal: Principal,
        now: Timestamp
    ) throws(LedgerError)
        -> RefundPreview
    {
        try read { db throws(LedgerError) -> RefundPreview in
            let payment = try Self.readPayment(db, id)
            if let refund = payment.refund { throw .alreadyRefunded(id, refund: refund) }
            let program = try self.readProgram(db, payment.program)
            var lines: [RefundPreview.Line] = []
            for line in payment.lines {
                let now: Yen
                switch line.code {
                case .voucher(let programCode, let serial):
                    let state = try db.first(
                        "SELECT state FROM vouchers WHERE program = ? AND serial = ?",
                        [.text(programCode.rawValue), .integer(serial)]
                    ) { $0.text(0) }
                    guard state == "spent" else { throw .corrupt(reason: "\(line.code) of \(id) is not spent") }
                    now = .zero
                case .eTicket(let programCode, let ticket):
                    let balance = try db.first(
                        "SELECT balance FROM etickets WHERE program = ? AND id = ?",
                        [.text(programCode.rawValue), .integer(ticket)]
                    ) { $0.int(0) }
                    guard let balance else { throw .unknownCode(line.code) }
                    now = Yen(balance)
                }
                lines.append(
                    .init(code: line.code, amount: line.amount, balanceNow: now, balanceAfter: now + line.amount)
                )
            }
            let closes = refundWindowEnd(of: payment, program: program)
            return RefundPreview(
                payment: payment,
                lines: lines,
                total: payment.amount,
                windowClosesAt: closes,
                allowed: now < closes || principal.role == .programOffice
            )
        }
    }

    /// Refunds a whole payment in one transaction.
    public func refund(_ request: RefundRequest) throws(LedgerError) -> Refund {
        guard request.memo.count <= 200 else {
            throw .invalidText(field: "memo", reason: "must be at most 200 characters")
        }
        guard !request.memo.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidText(field: "memo", reason: "must not contain control characters")
        }
        return try write { db throws(LedgerError) -> Refund in
            if let existing = try Self.readRefund(db, key: request.idempotencyKey) {
                guard existing.payment == request.payment else { throw .idempotencyKeyReused(request.idempotencyKey) }
                return existing
            }
            let payment = try Self.readPayment(db, request.payment)
            if let refund = payment.refund { throw .alreadyRefunded(payment.id, refund: refund) }
            let program = try self.readProgram(db, payment.program)
            let closes = refundWindowEnd(of: payment, program: program)
            if request.now >= closes && request.principal.role != .programOffice {
                throw .refundWindowClosed(payment.id, closedAt: closes)
            }
            let refundID = try db.insert(
                "INSERT INTO refunds (payment, at, amount, memo, operator, role, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    .integer(payment.id.rawValue), .integer(request.now.rawValue), .integer(payment.amount.rawValue),
                    .text(request.memo), .text(request.principal.name), .text(request.principal.role.rawValue),
                    .text(request.idempotencyKey.rawValue),
                ]
            )
            let refund = Refund(
                id: RefundID(rawValue: refundID),
                payment: payment.id,
                at: request.now,
                amount: payment.amount,
                memo: request.memo,
                operatorName: request.principal.name,
                role: request.principal.role,
                idempotencyKey: request.idempotencyKey
            )
            for (change, at) in [(ReportTotalsChange.voided, payment.at), (.refunded, request.now)] {
                try Self.addToReportTotals(
                    db,
                    change,
                    at: at,
                    amount: payment.amount,
                    program: payment.program,
                    store: payment.store,
                    terminal: payment.terminal
                )
            }
            for line in payment.lines {
                switch line.code {
                case .voucher(let programCode, let serial):
                    let changed = try db.run(
                        "UPDATE vouchers SET state = 'unspent', payment = NULL WHERE program = ? AND serial = ? AND state = 'spent' AND payment = ?",
                        [.text(programCode.rawValue), .integer(serial), .integer(payment.id.rawValue)]
                    )
                    guard changed == 1 else { throw .corrupt(reason: "\(line.code) is not spent in \(payment.id)") }
                case .eTicket(let programCode, let ticket):
                    let changed = try db.run(
                        "UPDATE etickets SET balance = balance + ? WHERE program = ? AND id = ?",
                        [.integer(line.amount.rawValue), .text(programCode.rawValue), .integer(ticket)]
                    )
                    guard changed == 1 else { throw .unknownCode(line.code) }
                }
            }
            try Self.appendAudit(
                db,
                principal: request.principal,
                now: request.now,
                action: "payment.refunded",
                subject: payment.id.description,
                detail: refund
            )
            var refunded = payment
            refunded.refund = refund.id
            try Self.enqueue(
                db,
                kind: "payment.refunded",
                payloadJSON: try Notification.refunded(refund, of: refunded),
                terminal: payment.terminal,
                now: request.now
            )
            return refund
        }
    }

    /// The refund of a payment, if it was refunded.
    public func refund(of payment: PaymentID) throws(LedgerError) -> Refund? {
        try read { db throws(LedgerError) -> Refund? in
            try Self.readRefund(db, where: "payment = ?", .integer(payment.rawValue))
        }
    }

    static func readRefund(_ db: any SQLDatabase, key: IdempotencyKey) throws(LedgerError) -> Refund? {
        try readRefund(db, where: "idempotency_key = ?", .text(key.rawValue))
    }

    static func readRefund(
        _ db: any SQLDatabase,
        where condition: String,
        _ value: SQLValue
    ) throws(LedgerError)
        -> Refund?
    {
        let row = try db.first(
            "SELECT id, payment, at, amount, memo, operator, role, idempotency_key FROM refunds WHERE \(condition)",
            [value]
        ) { ($0.int(0), $0.int(1), $0.int(2), $0.int(3), $0.text(4), $0.text(5), $0.text(6), $0.text(7)) }
        guard let row else { return nil }
        guard let role = Role(rawValue: row.6), let key = IdempotencyKey(row.7) else {
            throw .corrupt(reason: "refund \(row.0) has a malformed role or key")
        }
        return Refund(
            id: RefundID(rawValue: row.0),
            payment: PaymentID(rawValue: row.1),
            at: Timestamp(rawValue: row.2),
            amount: Yen(row.3),
            memo: row.4,
            operatorName: row.5,
            role: role,
            idempotencyKey: key
        )
    }
}
