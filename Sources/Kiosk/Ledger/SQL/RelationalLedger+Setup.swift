import Foundation
import Synchronization

extension RelationalLedger {
    /// Adds a program after validating its terms.
    public func createProgram(_ program: Program, by principal: Principal, now: Timestamp) throws(LedgerError) {
        try program.validate()
        let calendar = try Self.json(program.calendar)
        try write { db throws(LedgerError) in
            if try db.first("SELECT 1 FROM programs WHERE code = ?", [.text(program.code.rawValue)], { _ in true })
                != nil
            {
                throw .duplicate(kind: "program", key: program.code.rawValue)
            }
            if try db.first("SELECT 1 FROM programs WHERE number = ?", [.integer(Int64(program.number))], { _ in true })
                != nil
            {
                throw .duplicate(kind: "program number", key: String(program.number))
            }
            var hours: SQLValue = .null
            if case .hoursAfterPayment(let h) = program.refundRule { hours = .integer(Int64(h)) }
            try db.run(
                """
                INSERT INTO programs (code, number, name, kind, unit, face_value, max_per_transaction, valid_from,
                    valid_until, redemption_deadline, refund_hours, calendar, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(program.code.rawValue), .integer(Int64(program.number)), .text(program.name),
                    .text(program.kind.rawValue), .integer(program.unit.rawValue), .integer(program.faceValue.rawValue),
                    .integer(program.maximumPerTransaction.rawValue), .integer(program.validFrom.rawValue),
                    .integer(program.validUntil.rawValue), .integer(program.redemptionDeadline.rawValue), hours,
                    .text(calendar), .integer(now.rawValue),
                ]
            )
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "program.created",
                subject: program.code.rawValue,
                detail: program
            )
        }
    }

    /// The program with this code.
    public func program(_ code: ProgramCode) throws(LedgerError) -> Program {
        try read { db throws(LedgerError) in try self.readProgram(db, code) }
    }

    /// Every program, by code.
    public func programs() throws(LedgerError) -> [Program] {
        try read { db throws(LedgerError) in
            let codes = try db.all("SELECT code FROM programs ORDER BY code") { $0.text(0) }
            var programs: [Program] = []
            for text in codes {
                guard let code = ProgramCode(text) else { throw .corrupt(reason: "program code \(text)") }
                programs.append(try self.readProgram(db, code))
            }
            return programs
        }
    }

    static let programColumns =
        "number, name, kind, unit, face_value, max_per_transaction, valid_from, valid_until, redemption_deadline, refund_hours, calendar"

    /// The program with this code, from the cache or the file.
    func readProgram(_ db: any SQLDatabase, _ code: ProgramCode) throws(LedgerError) -> Program {
        if let cached = programCache.withLock({ $0[code] }) { return cached }
        let program = try Self.decodeProgram(db, code)
        programCache.withLock { $0[code] = program }
        return program
    }

    static func decodeProgram(_ db: any SQLDatabase, _ code: ProgramCode) throws(LedgerError) -> Program {
        typealias Row = (Int64, String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64?, String)
        let row: Row? = try db.first("SELECT \(programColumns) FROM programs WHERE code = ?", [.text(code.rawValue)]) {
            (
                $0.int(0), $0.text(1), $0.text(2), $0.int(3), $0.int(4), $0.int(5), $0.int(6), $0.int(7), $0.int(8),
                $0.optionalInt(9), $0.text(10)
            )
        }
        guard let row else { throw .unknownProgram(code) }
        guard let kind = ProgramKind(rawValue: row.2) else { throw .corrupt(reason: "program \(code) kind \(row.2)") }
        let calendar: SettlementCalendar
        do {
            calendar = try JSONDecoder().decode(SettlementCalendar.self, from: Data(row.10.utf8))
        } catch {
            throw .corrupt(reason: "program \(code) settlement calendar")
        }
        return Program(
            code: code,
            number: Int(row.0),
            name: row.1,
            kind: kind,
            unit: Yen(row.3),
            faceValue: Yen(row.4),
            maximumPerTransaction: Yen(row.5),
            validFrom: Timestamp(rawValue: row.6),
            validUntil: Timestamp(rawValue: row.7),
            redemptionDeadline: Timestamp(rawValue: row.8),
            refundRule: row.9.map { .hoursAfterPayment(Int($0)) } ?? .untilClosing,
            calendar: calendar
        )
    }

    /// Adds a merchant.
    public func createMerchant(_ merchant: Merchant, by principal: Principal, now: Timestamp) throws(LedgerError) {
        try Self.checkName(merchant.name)
        try write { db throws(LedgerError) in
            if try db.first("SELECT 1 FROM merchants WHERE code = ?", [.text(merchant.code.rawValue)], { _ in true })
                != nil
            {
                throw .duplicate(kind: "merchant", key: merchant.code.rawValue)
            }
            try Self.checkSiteText(representative: merchant.representative, contact: merchant.contact)
            try db.run(
                "INSERT INTO merchants (code, name, representative, contact) VALUES (?, ?, ?, ?)",
                [.text(merchant.code.rawValue), .text(merchant.name), .text(merchant.representative), .text(merchant.contact)]
            )
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "merchant.created",
                subject: merchant.code.rawValue,
                detail: merchant
            )
        }
    }

    /// Adds a store of an existing merchant.
    public func createStore(_ store: Store, by principal: Principal, now: Timestamp) throws(LedgerError) {
        try Self.checkName(store.name)
        try write { db throws(LedgerError) in
            if try db.first("SELECT 1 FROM merchants WHERE code = ?", [.text(store.merchant.rawValue)], { _ in true })
                == nil
            {
                throw .unknownSite(kind: "merchant", code: store.merchant)
            }
            if try db.first("SELECT 1 FROM stores WHERE code = ?", [.text(store.code.rawValue)], { _ in true }) != nil {
                throw .duplicate(kind: "store", key: store.code.rawValue)
            }
            try db.run(
                "INSERT INTO stores (code, merchant, name) VALUES (?, ?, ?)",
                [.text(store.code.rawValue), .text(store.merchant.rawValue), .text(store.name)]
            )
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "store.created",
                subject: store.code.rawValue,
                detail: store
            )
        }
    }

    /// Adds a terminal in an existing store.
    public func createTerminal(_ terminal: Terminal, by principal: Principal, now: Timestamp) throws(LedgerError) {
        try Self.checkName(terminal.name)
        try write { db throws(LedgerError) in
            if try db.first("SELECT 1 FROM stores WHERE code = ?", [.text(terminal.store.rawValue)], { _ in true })
                == nil
            {
                throw .unknownSite(kind: "store", code: terminal.store)
            }
            if try db.first("SELECT 1 FROM terminals WHERE code = ?", [.text(terminal.code.rawValue)], { _ in true })
                != nil
            {
                throw .duplicate(kind: "terminal", key: terminal.code.rawValue)
            }
            try db.run(
                "INSERT INTO terminals (code, store, name) VALUES (?, ?, ?)",
                [.text(terminal.code.rawValue), .text(terminal.store.rawValue), .text(terminal.name)]
            )
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "terminal.created",
                subject: terminal.code.rawValue,
                detail: terminal
            )
        }
    }

    /// The terminal with this code.
    public func terminal(_ code: SiteCode) throws(LedgerError) -> Terminal {
        try read { db throws(LedgerError) in try readTerminal(db, code) }
    }

    /// A terminal, from the cache when it has been read before.
    func readTerminal(_ db: any SQLDatabase, _ code: SiteCode) throws(LedgerError) -> Terminal {
        if let cached = terminalCache.withLock({ $0[code] }) { return cached }
        let terminal = try Self.readTerminal(db, code)
        terminalCache.withLock { $0[code] = terminal }
        return terminal
    }

    static func readTerminal(_ db: any SQLDatabase, _ code: SiteCode) throws(LedgerError) -> Terminal {
        let row = try db.first("SELECT store, name, disabled_at FROM terminals WHERE code = ?", [.text(code.rawValue)]) {
            ($0.text(0), $0.text(1), $0.optionalInt(2))
        }
        guard let row else { throw .unknownSite(kind: "terminal", code: code) }
        guard let store = SiteCode(row.0) else { throw .corrupt(reason: "terminal \(code) store \(row.0)") }
        return Terminal(code: code, store: store, name: row.1, disabledAt: row.2.map { Timestamp(rawValue: $0) })
    }

    static func checkName(_ name: String) throws(LedgerError) {
        guard !name.isEmpty, name.count <= 100 else {
            throw .invalidText(field: "name", reason: "must be 1 to 100 characters")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidText(field: "name", reason: "must not contain control characters")
        }
    }

    /// Issues `count` new paper vouchers of a paper program at its face value; returns their serials.
    public func issueVouchers(
        program code: ProgramCode,
        count: Int,
        by principal: Principal,
        now: Timestamp
    )
        throws(LedgerError) -> ClosedRange<Int64>
    {
        guard (1...100_000).contains(count) else {
            throw .invalidIssuance(reason: "a batch has 1 to 100,000 vouchers, not \(count)")
        }
        return try write { db throws(LedgerError) -> ClosedRange<Int64> in
            let program = try self.readProgram(db, code)
            guard program.kind == .paper else {
                throw .invalidIssuance(reason: "program \(code) issues e-tickets, not paper vouchers")
            }
            let last =
                try db.first("SELECT max(serial) FROM vouchers WHERE program = ?", [.text(code.rawValue)]) {
                    $0.optionalInt(0)
                } ?? nil
            let first = (last ?? 0) + 1
            let end = first + Int64(count) - 1
            guard end <= VoucherCodec.maximumSerial else {
                throw .invalidIssuance(reason: "program \(code) would pass serial \(VoucherCodec.maximumSerial)")
            }
            for serial in first...end {
                try db.run(
                    "INSERT INTO vouchers (program, serial, face_value, state, issued_at) VALUES (?, ?, ?, 'unspent', ?)",
                    [
                        .text(code.rawValue), .integer(serial), .integer(program.faceValue.rawValue),
                        .integer(now.rawValue),
                    ]
                )
            }
            struct Detail: Encodable { var first: Int64, last: Int64, count: Int, faceValue: Yen }
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "vouchers.issued",
                subject: code.rawValue,
                detail: Detail(first: first, last: end, count: count, faceValue: program.faceValue)
            )
            return first...end
        }
    }

    /// Issues one e-ticket of an e-ticket program with a balance and an expiry; returns its number.
    public func issueETicket(
        program code: ProgramCode,
        balance: Yen,
        expiry: Timestamp,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) -> Int64 {
        guard balance > .zero, balance.rawValue <= 10_000_000 else {
            throw .invalidIssuance(reason: "an e-ticket's balance is 1 to 10,000,000 yen, not \(balance)")
        }
        guard expiry > now else { throw .invalidIssuance(reason: "the expiry \(expiry) is not in the future") }
        return try write { db throws(LedgerError) -> Int64 in
            let program = try self.readProgram(db, code)
            guard program.kind == .eTicket else {
                throw .invalidIssuance(reason: "program \(code) issues paper vouchers, not e-tickets")
            }
            let last =
                try db.first("SELECT max(id) FROM etickets WHERE program = ?", [.text(code.rawValue)]) {
                    $0.optionalInt(0)
                } ?? nil
            let id = (last ?? 0) + 1
            guard id <= VoucherCodec.maximumSerial else {
                throw .invalidIssuance(reason: "program \(code) would pass e-ticket \(VoucherCodec.maximumSerial)")
            }
            try db.run(
                "INSERT INTO etickets (program, id, issued_balance, balance, expiry, issued_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(code.rawValue), .integer(id), .integer(balance.rawValue), .integer(balance.rawValue),
                    .integer(expiry.rawValue), .integer(now.rawValue),
                ]
            )
            struct Detail: Encodable { var id: Int64, balance: Yen, expiry: Timestamp }
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "eticket.issued",
                subject: "\(code):\(id)",
                detail: Detail(id: id, balance: balance, expiry: expiry)
            )
            return id
        }
    }
}
