extension RelationalLedger {
    /// The stored kind and number of a code reference.
    static func key(_ code: CodeReference) -> (program: SQLValue, kind: SQLValue, number: SQLValue) {
        switch code {
        case .voucher(let program, let serial): (.text(program.rawValue), .text("voucher"), .integer(serial))
        case .eTicket(let program, let id): (.text(program.rawValue), .text("eticket"), .integer(id))
        }
    }

    static func reference(kind: String, program: String, number: Int64) throws(LedgerError) -> CodeReference {
        guard let program = ProgramCode(program) else { throw .corrupt(reason: "program code \(program)") }
        switch kind {
        case "voucher": return .voucher(program: program, serial: number)
        case "eticket": return .eTicket(program: program, id: number)
        default: throw .corrupt(reason: "code kind \(kind)")
        }
    }

    /// A code's state and balance, without holding it.
    public func balance(of code: CodeReference) throws(LedgerError) -> CodeBalance {
        try read { db throws(LedgerError) in
            let k = Self.key(code)
            let held =
                try db.first(
                    "SELECT 1 FROM holds WHERE program = ? AND kind = ? AND number = ?",
                    [k.program, k.kind, k.number]
                ) { _ in true } ?? false
            switch code {
            case .voucher(let program, let serial):
                let row = try db.first(
                    "SELECT face_value, state, payment FROM vouchers WHERE program = ? AND serial = ?",
                    [.text(program.rawValue), .integer(serial)]
                ) { ($0.int(0), $0.text(1), $0.optionalInt(2)) }
                guard let row else { throw .unknownCode(code) }
                guard let state = VoucherState(rawValue: row.1) else {
                    throw .corrupt(reason: "voucher state \(row.1)")
                }
                return CodeBalance(
                    code: code,
                    balance: state == .unspent ? Yen(row.0) : .zero,
                    voucherState: state,
                    spentIn: row.2.map { PaymentID(rawValue: $0) },
                    expiry: nil,
                    held: held
                )
            case .eTicket(let program, let id):
                let row = try db.first(
                    "SELECT balance, expiry FROM etickets WHERE program = ? AND id = ?",
                    [.text(program.rawValue), .integer(id)]
                ) { ($0.int(0), $0.int(1)) }
                guard let row else { throw .unknownCode(code) }
                return CodeBalance(
                    code: code,
                    balance: Yen(row.0),
                    voucherState: nil,
                    spentIn: nil,
                    expiry: Timestamp(rawValue: row.1),
                    held: held
                )
            }
        }
    }

    /// Holds a code for a session after checking it may be used now.
    public func hold(
        _ code: CodeReference,
        session: SessionID,
        terminal: SiteCode,
        limit: Yen,
        now: Timestamp
    )
        throws(LedgerError) -> HeldCode
    {
        let program = try read { db throws(LedgerError) in try self.readProgram(db, code.program) }
        guard program.validFrom <= now, now < program.validUntil else {
            throw .programNotActive(program.code, from: program.validFrom, until: program.validUntil)
        }
        if keepsTerminalChains, case .voucher(let programCode, let serial) = code {
            for _ in 0..<3 {
                if let held = try holdSharedVoucher(
                    program: programCode, serial: serial, session: session, terminal: terminal, limit: limit, now: now
                ) {
                    return held
                }
            }
            throw .codeHeldElsewhere(code)
        }
        return try changingHolds { db throws(LedgerError) -> HeldCode in
            let k = Self.key(code)
            // The code's row is read first and, on PostgreSQL, locked: another kiosk holding or
            // spending this code at the same moment waits for this transaction, then reads what it
            // left, holds included. (SQLite: the kiosk's one connection, under its lock; a tool
            // beside kioskd never spends a code, and confirm checks the state again.)
            // The code's hold, if any, comes with its row in the same read.
            let lock = db.dialect == .postgresql ? " FOR UPDATE OF c" : ""
            let worth: Yen
            let existing: (UInt64, Int64)?
            switch code {
            case .voucher(let programCode, let serial):
                let row = try db.first(
                    """
                    SELECT c.face_value, c.state, c.payment, h.session, h.amount FROM vouchers c
                    LEFT JOIN holds h ON h.program = c.program AND h.kind = 'voucher' AND h.number = c.serial
                    WHERE c.program = ? AND c.serial = ?
                    """ + lock,
                    [.text(programCode.rawValue), .integer(serial)]
                ) { ($0.int(0), $0.text(1), $0.optionalInt(2), $0.optionalInt(3), $0.optionalInt(4)) }
                guard let row else { throw .unknownCode(code) }
                if row.1 == "spent" {
                    throw .voucherAlreadySpent(code, payment: PaymentID(rawValue: row.2 ?? 0))
                }
                worth = Yen(row.0)
                existing = row.3.map { (UInt64(bitPattern: $0), row.4 ?? 0) }
            case .eTicket(let programCode, let id):
                let row = try db.first(
                    """
                    SELECT c.balance, c.expiry, h.session, h.amount FROM etickets c
                    LEFT JOIN holds h ON h.program = c.program AND h.kind = 'eticket' AND h.number = c.id
                    WHERE c.program = ? AND c.id = ?
                    """ + lock,
                    [.text(programCode.rawValue), .integer(id)]
                ) { ($0.int(0), $0.int(1), $0.optionalInt(2), $0.optionalInt(3)) }
                guard let row else { throw .unknownCode(code) }
                if now >= Timestamp(rawValue: row.1) { throw .eTicketExpired(code, expiry: Timestamp(rawValue: row.1)) }
                if row.0 <= 0 { throw .eTicketEmpty(code) }
                worth = Yen(row.0)
                existing = row.2.map { (UInt64(bitPattern: $0), row.3 ?? 0) }
            }
            if let existing {
                guard existing.0 == session.rawValue else { throw .codeHeldElsewhere(code) }
                return HeldCode(code: code, amount: Yen(existing.1), balanceBefore: worth)
            }
            let amount: Yen
            switch code {
            case .voucher:
                guard worth <= limit else { throw .voucherExceedsAmount(code, faceValue: worth, missing: limit) }
                amount = worth
            case .eTicket:
                guard limit > .zero else { throw .amountNotPositive(limit) }
                amount = min(worth, limit)
            }
            try db.runLater(
                "INSERT INTO holds (program, kind, number, session, terminal, amount, held_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    k.program, k.kind, k.number, .integer(Int64(bitPattern: session.rawValue)),
                    .text(terminal.rawValue),
                    .integer(amount.rawValue), .integer(now.rawValue),
                ]
            )
            return HeldCode(code: code, amount: amount, balanceBefore: worth)
        }
    }

    /// Releases every hold of a session.
    @discardableResult
    public func releaseHolds(session: SessionID) throws(LedgerError) -> Int {
        try changingHolds { db throws(LedgerError) in
            try db.run("DELETE FROM holds WHERE session = ?", [.integer(Int64(bitPattern: session.rawValue))])
        }
    }

    /// Releases every hold.
    @discardableResult
    public func releaseAllHolds(by principal: Principal, now: Timestamp) throws(LedgerError) -> Int {
        try write { db throws(LedgerError) in
            let count = try db.run("DELETE FROM holds")
            if count > 0 {
                try Self.appendAudit(
                    db,
                    principal: principal,
                    now: now,
                    action: "holds.released",
                    subject: "all",
                    detail: ["count": count]
                )
            }
            return count
        }
    }

    /// How many codes are held.
    public func holdCount() throws(LedgerError) -> Int {
        try read { db throws(LedgerError) in Int(try db.first("SELECT count(*) FROM holds") { $0.int(0) } ?? 0) }
    }

    /// Confirms a session in one transaction, recorded in its terminal's audit chain.
    ///
    /// On a shared ledger, confirms of different kiosks run in parallel: each locks only its
    /// session's holds, its codes' rows and, last, its terminal chain's head. A code is spent once
    /// because its row changes only `WHERE state = 'unspent'` (or while the e-ticket's balance
    /// covers the line), under the row's lock; a repeated idempotency key meets the key's
    /// unique index, and the repeat returns the first payment.
    public func confirm(_ request: ConfirmRequest) throws(LedgerError) -> Payment {
        let chain = auditChain(of: request.terminal)
        guard keepsTerminalChains else { return try confirmInTwoSteps(request, chain: chain, number: nil) }
        // A shared ledger's payment takes the kiosk's next reserved number whichever way it is
        // confirmed, so a kiosk's payments are numbered in order; a number no payment took (a
        // refusal, a repeat answered with the first payment) is given back for the next.
        let number = ReservedNumber()
        do throws(LedgerError) {
            var payment: Payment?
            do {
                payment = try confirmInOneRoundTrip(request, chain: chain, number: number)
            } catch {
                // The server found the ledger not as held (a repeated key, a hold lost, a voucher
                // spent meanwhile) and rolled the confirm back: the two-step confirm names what
                // changed, or answers a repeat with the first payment.
                guard case .server(_, PostgreSQLSchema.confirmCheckFailed, _) = error else { throw error }
            }
            let paid: Payment
            if let payment { paid = payment } else { paid = try confirmInTwoSteps(request, chain: chain, number: number) }
            if let id = number.id, paid.id.rawValue != id { returnPaymentID(id) }
            return paid
        } catch {
            // Only a commit whose answer was lost may have used the number.
            if case .outcomeUnknown = error {} else if let id = number.id { returnPaymentID(id) }
            throw error
        }
    }

    /// A confirm that reads back what its payment statement did and checks it before it goes on:
    /// two round trips on a shared ledger, where its answer names any difference (a hold lost, a
    /// voucher spent meanwhile) or finds the payment a repeated key made first. A kiosk's own file
    /// confirms so always. `number`: a shared ledger's reserved payment number, taken here if the
    /// one-round-trip confirm did not already.
    private func confirmInTwoSteps(
        _ request: ConfirmRequest,
        chain: SiteCode?,
        number: ReservedNumber?
    ) throws(LedgerError) -> Payment {
        // A code is one line: the same voucher twice would be paid for twice and spent once.
        var codes = Set<CodeReference>()
        for line in request.lines where !codes.insert(line.code).inserted {
            throw .duplicate(kind: "payment line", key: line.code.description)
        }
        return try write(chain: chain) { db throws(LedgerError) -> Payment in
            guard !request.lines.isEmpty else { throw .nothingToSettle(request.session) }
            let program = try self.readProgram(db, request.program)
            guard request.requested > .zero else { throw .amountNotPositive(request.requested) }
            let total = request.lines.reduce(Yen.zero) { $0 + $1.amount }
            guard total <= request.requested else { throw .amountOverMaximum(total, maximum: request.requested) }
            let terminal = try self.readTerminal(db, request.terminal)
            // Every voucher of the payment changes in one statement: all must still be unspent.
            var serials: [Int64] = []
            for line in request.lines {
                if case .voucher(_, let serial) = line.code { serials.append(serial) }
            }
            // The payment row first: a key already used (a repeat after an answer was lost, or a
            // repeat racing the first) records nothing, and the repeat answers with that payment.
            var reserved: Int64?
            if let number {
                if let taken = number.id { reserved = taken } else { reserved = try self.reservedPaymentID(db) }
                number.id = reserved
            }
            let spending = try Self.recordPayment(
                db,
                id: reserved,
                row: Self.paymentRow(request, store: terminal.store, amount: total),
                session: request.session,
                program: program.code,
                serials: serials
            )
            guard let paymentID = spending.payment else {
                guard let id = try Self.paymentID(db, key: request.idempotencyKey) else {
                    throw .corrupt(reason: "idempotency key \(request.idempotencyKey) is taken by no payment")
                }
                let payment = try Self.readPayment(db, id)
                guard payment.session == request.session, payment.requested == request.requested,
                    payment.lines.map(\.code) == request.lines.map(\.code)
                else { throw .idempotencyKeyReused(request.idempotencyKey) }
                return payment
            }
            guard request.now < program.redemptionDeadline, request.now >= program.validFrom else {
                throw .programNotActive(program.code, from: program.validFrom, until: program.redemptionDeadline)
            }
            // The session's holds went, each line's with it; a line whose hold was gone or changed
            // (released, or taken by another kiosk meanwhile) undoes the whole confirm.
            for line in request.lines {
                guard line.code.program == program.code else { throw .wrongProgram(line.code, session: program.code) }
                guard spending.released[line.code] == line.amount.rawValue else { throw .holdLost(line.code) }
            }
            // A voucher this payment did not spend (spent meanwhile): named, and the transaction rolls back.
            if let serial = serials.first(where: { !spending.spentSerials.contains($0) }) {
                throw .holdLost(.voucher(program: program.code, serial: serial))
            }
            var lines: [PaymentLine] = []
            for line in request.lines {
                let after: Yen
                switch line.code {
                case .voucher:
                    after = .zero
                case .eTicket(let programCode, let ticket):
                    let balance = try db.first(
                        "UPDATE etickets SET balance = balance - ? WHERE program = ? AND id = ? AND balance >= ? RETURNING balance",
                        [
                            .integer(line.amount.rawValue), .text(programCode.rawValue), .integer(ticket),
                            .integer(line.amount.rawValue),
                        ]
                    ) { $0.int(0) }
                    guard let balance else { throw .holdLost(line.code) }
                    after = Yen(balance)
                }
                lines.append(PaymentLine(code: line.code, amount: line.amount, balanceAfter: after))
            }
            return try Self.recordPaymentDetails(
                db,
                id: PaymentID(rawValue: paymentID),
                request,
                terminal: terminal,
                lines: lines,
                chain: chain
            )
        }
    }

    /// A confirm of paper vouchers on a shared ledger, all in one round trip to the server: the
    /// payment under a number reserved ahead (``reservedPaymentID(_:)``), its statement checking on
    /// the server what the two-step confirm checks here, then its lines, report totals, audit
    /// entry and notification, and the COMMIT. A network's round trip is most of a confirm's
    /// time, and each costs the server and the kiosk a wake-up.
    ///
    /// `nil` when the request is not one it makes (e-tickets, whose balance after each line the
    /// payment records; or a request the two-step confirm refuses with the reason); throws
    /// ``PostgreSQLSchema/confirmCheckFailed`` when the server found the ledger not as held.
    /// `number` keeps the payment number it took, for the two-step confirm when the server
    /// refused this one.
    private func confirmInOneRoundTrip(
        _ request: ConfirmRequest,
        chain: SiteCode?,
        number: ReservedNumber
    ) throws(LedgerError) -> Payment? {
        let total = request.lines.reduce(Yen.zero) { $0 + $1.amount }
        guard !request.lines.isEmpty, request.requested > .zero, total <= request.requested else { return nil }
        var vouchers: [(serial: Int64, amount: Yen)] = []
        var serials = Set<Int64>()
        for line in request.lines {
            guard case .voucher(let program, let serial) = line.code, program == request.program,
                serials.insert(serial).inserted
            else { return nil }
            vouchers.append((serial, line.amount))
        }
        return try write(chain: chain) { db throws(LedgerError) -> Payment? in
            let program = try self.readProgram(db, request.program)
            guard request.now < program.redemptionDeadline, request.now >= program.validFrom else { return nil }
            let terminal = try self.readTerminal(db, request.terminal)
            // A transaction run again (after a conflict) was rolled back: its number is still free.
            let id: Int64
            if let taken = number.id { id = taken } else { id = try self.reservedPaymentID(db) }
            number.id = id
            try Self.recordVoucherPaymentLater(
                db,
                id: id,
                row: Self.paymentRow(request, store: terminal.store, amount: total),
                session: request.session,
                program: program.code,
                lines: vouchers
            )
            return try Self.recordPaymentDetails(
                db,
                id: PaymentID(rawValue: id),
                request,
                terminal: terminal,
                lines: request.lines.map { PaymentLine(code: $0.code, amount: $0.amount, balanceAfter: .zero) },
                chain: chain
            )
        }
    }

    /// A payment row's columns but its number, in the order ``recordPayment(_:row:session:program:serials:)`` takes them.
    private static func paymentRow(_ request: ConfirmRequest, store: SiteCode, amount: Yen) -> [SQLValue] {
        [
            .integer(request.now.rawValue), .text(request.program.rawValue), .text(store.rawValue),
            .text(request.terminal.rawValue), .text(request.principal.name), .integer(request.requested.rawValue),
            .integer(amount.rawValue), .integer(Int64(bitPattern: request.session.rawValue)),
            .text(request.idempotencyKey.rawValue),
        ]
    }

    /// What a confirm records after its payment row, in the same transaction: its report totals,
    /// its lines, its audit entry (on `chain`) and its notification. Returns the payment.
    private static func recordPaymentDetails(
        _ db: any SQLDatabase,
        id: PaymentID,
        _ request: ConfirmRequest,
        terminal: Terminal,
        lines: [PaymentLine],
        chain: SiteCode?
    ) throws(LedgerError) -> Payment {
        let total = lines.reduce(Yen.zero) { $0 + $1.amount }
        try addToReportTotals(
            db,
            .paid,
            at: request.now,
            amount: total,
            program: request.program,
            store: terminal.store,
            terminal: terminal.code
        )
        var lineValues: [SQLValue] = []
        lineValues.reserveCapacity(7 * lines.count)
        for (position, line) in lines.enumerated() {
            let k = key(line.code)
            lineValues += [
                .integer(id.rawValue), .integer(Int64(position)), k.kind, k.program, k.number,
                .integer(line.amount.rawValue), .integer(line.balanceAfter.rawValue),
            ]
        }
        try db.runLater(
            "INSERT INTO payment_lines (payment, position, kind, program, number, amount, balance_after) VALUES "
                + Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: lines.count).joined(separator: ", "),
            lineValues
        )
        let payment = Payment(
            id: id,
            at: request.now,
            program: request.program,
            store: terminal.store,
            terminal: terminal.code,
            operatorName: request.principal.name,
            requested: request.requested,
            amount: total,
            lines: lines,
            session: request.session,
            idempotencyKey: request.idempotencyKey,
            refund: nil
        )
        // JSON encoding was most of a confirm's CPU time: the audit entry and the notification are written by hand.
        try appendAudit(
            db,
            chain: chain,
            principal: request.principal,
            now: request.now,
            action: "payment.confirmed",
            subject: id.description,
            detailJSON: payment.jsonText
        )
        try enqueue(
            db,
            kind: "payment.confirmed",
            payloadJSON: Notification.confirmed(payment),
            terminal: terminal.code,
            now: request.now
        )
        return payment
    }

    /// The payment confirmed with this idempotency key, if any.
    public func payment(idempotencyKey: IdempotencyKey) throws(LedgerError) -> Payment? {
        try read { db throws(LedgerError) -> Payment? in
            guard let id = try Self.paymentID(db, key: idempotencyKey) else { return nil }
            return try Self.readPayment(db, id)
        }
    }

    /// The payment with this number.
    public func payment(_ id: PaymentID) throws(LedgerError) -> Payment {
        try read { db throws(LedgerError) in try Self.readPayment(db, id) }
    }

    /// Payments matching a search, newest first.
    public func findPayments(_ query: PaymentQuery) throws(LedgerError) -> [Payment] {
        try query.validate()
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let id = query.id {
            conditions.append("id = ?")
            bindings.append(.integer(id.rawValue))
        }
        if let date = query.date {
            let range = timeZone.instants(of: date)
            conditions.append("at >= ? AND at < ?")
            bindings += [.integer(range.lowerBound.rawValue), .integer(range.upperBound.rawValue)]
        }
        if let amount = query.amount {
            conditions.append("amount = ?")
            bindings.append(.integer(amount.rawValue))
        }
        if !query.includeRefunded {
            conditions.append("NOT EXISTS (SELECT 1 FROM refunds WHERE refunds.payment = payments.id)")
        }
        bindings.append(.integer(Int64(query.limit)))
        let sql =
            "SELECT id FROM payments WHERE \(conditions.joined(separator: " AND ")) ORDER BY at DESC, id DESC LIMIT ?"
        return try read { db throws(LedgerError) -> [Payment] in
            var payments: [Payment] = []
            for id in try db.all(sql, bindings, { PaymentID(rawValue: $0.int(0)) }) {
                payments.append(try Self.readPayment(db, id))
            }
            return payments
        }
    }

    static func paymentID(_ db: any SQLDatabase, key: IdempotencyKey) throws(LedgerError) -> PaymentID? {
        try db.first("SELECT id FROM payments WHERE idempotency_key = ?", [.text(key.rawValue)]) {
            PaymentID(rawValue: $0.int(0))
        }
    }

    static func readPayment(_ db: any SQLDatabase, _ id: PaymentID) throws(LedgerError) -> Payment {
        typealias Row = (Int64, String, String, String, String, Int64, Int64, Int64, String, Int64?)
        let row: Row? = try db.first(
            """
            SELECT at, program, store, terminal, operator, requested, amount, session, idempotency_key,
                (SELECT id FROM refunds WHERE refunds.payment = payments.id)
            FROM payments WHERE id = ?
            """,
            [.integer(id.rawValue)]
        ) {
            (
                $0.int(0), $0.text(1), $0.text(2), $0.text(3), $0.text(4), $0.int(5), $0.int(6), $0.int(7), $0.text(8),
                $0.optionalInt(9)
            )
        }
        guard let row else { throw .unknownPayment(id) }
        let rawLines = try db.all(
            "SELECT kind, program, number, amount, balance_after FROM payment_lines WHERE payment = ? ORDER BY position",
            [.integer(id.rawValue)]
        ) { ($0.text(0), $0.text(1), $0.int(2), $0.int(3), $0.int(4)) }
        var lines: [PaymentLine] = []
        for line in rawLines {
            lines.append(
                PaymentLine(
                    code: try reference(kind: line.0, program: line.1, number: line.2),
                    amount: Yen(line.3),
                    balanceAfter: Yen(line.4)
                )
            )
        }
        guard let program = ProgramCode(row.1), let store = SiteCode(row.2), let terminal = SiteCode(row.3),
            let key = IdempotencyKey(row.8)
        else { throw .corrupt(reason: "payment \(id) has a malformed code or key") }
        return Payment(
            id: id,
            at: Timestamp(rawValue: row.0),
            program: program,
            store: store,
            terminal: terminal,
            operatorName: row.4,
            requested: Yen(row.5),
            amount: Yen(row.6),
            lines: lines,
            session: SessionID(rawValue: UInt64(bitPattern: row.7)),
            idempotencyKey: key,
            refund: row.9.map { RefundID(rawValue: $0) }
        )
    }
}

/// The payment number a one-round-trip confirm took, kept across the runs of its transaction and
/// for its caller (a confirm is one thread's, under the connection's lock).
private final class ReservedNumber: @unchecked Sendable {
    var id: Int64?
}
