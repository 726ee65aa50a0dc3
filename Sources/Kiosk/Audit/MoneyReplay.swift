import Foundation

/// What the money rows must hold, rebuilt from the audit chain's entries in order.
///
/// A value fed one entry at a time; it knows the payment, refund and issuance entries and skips
/// the others. The comparison with the rows is the ledger's (``RelationalLedger/verifyMoney()``).
struct MoneyReplay {
    /// A voucher as the chain leaves it.
    struct Voucher: Equatable {
        var faceValue: Yen
        var payment: PaymentID?
    }

    /// An e-ticket as the chain leaves it.
    struct ETicket: Equatable {
        var issued: Yen
        var balance: Yen
        var expiry: Timestamp
    }

    /// A payment's audited JSON and the entry that holds it.
    var payments: [PaymentID: (entry: String, json: String, payment: Payment)] = [:]
    /// A refund's audited JSON (keyed by its payment) and the entry that holds it.
    var refunds: [PaymentID: (entry: String, json: String)] = [:]
    /// Every voucher issued, by program and serial.
    var vouchers: [ProgramCode: [Int64: Voucher]] = [:]
    /// Every e-ticket issued, by program and number.
    var eTickets: [ProgramCode: [Int64: ETicket]] = [:]
    /// Entries that should carry money but cannot be read: each is a finding.
    var unreadable: [MoneyVerification.Finding] = []

    private struct Issued: Decodable { var first: Int64, last: Int64, faceValue: Yen }
    private struct IssuedTicket: Decodable { var id: Int64, balance: Yen, expiry: Timestamp }

    /// Applies one entry of the chain.
    mutating func apply(_ entry: AuditEntry) {
        let decoder = JSONDecoder()
        let data = Data(entry.detail.utf8)
        func unreadable(_ what: String) {
            self.unreadable.append(.init(table: "audit", row: "entry \(entry.name)", reason: "its \(what) cannot be read"))
        }
        switch entry.action {
        case "vouchers.issued":
            guard let program = ProgramCode(entry.subject), let issued = try? decoder.decode(Issued.self, from: data),
                issued.first <= issued.last
            else { return unreadable("issuance") }
            for serial in issued.first...issued.last {
                vouchers[program, default: [:]][serial] = Voucher(faceValue: issued.faceValue, payment: nil)
            }
        case "eticket.issued":
            let parts = entry.subject.split(separator: ":")
            guard parts.count == 2, let program = ProgramCode(String(parts[0])),
                let ticket = try? decoder.decode(IssuedTicket.self, from: data)
            else { return unreadable("e-ticket issuance") }
            eTickets[program, default: [:]][ticket.id] = ETicket(issued: ticket.balance, balance: ticket.balance, expiry: ticket.expiry)
        case "payment.confirmed":
            guard let payment = try? decoder.decode(Payment.self, from: data) else { return unreadable("payment") }
            payments[payment.id] = (entry.name, entry.detail, payment)
            for line in payment.lines { spend(line, in: payment.id, undo: false) }
        case "payment.refunded":
            guard let refund = try? decoder.decode(Refund.self, from: data) else { return unreadable("refund") }
            refunds[refund.payment] = (entry.name, entry.detail)
            for line in payments[refund.payment]?.payment.lines ?? [] { spend(line, in: refund.payment, undo: true) }
        default:
            return
        }
    }

    private mutating func spend(_ line: PaymentLine, in payment: PaymentID, undo: Bool) {
        switch line.code {
        case .voucher(let program, let serial):
            vouchers[program, default: [:]][serial, default: Voucher(faceValue: line.amount, payment: nil)].payment = undo ? nil : payment
        case .eTicket(let program, let ticket):
            guard var state = eTickets[program]?[ticket] else { return }
            state.balance = Yen(undo ? state.balance.rawValue &+ line.amount.rawValue : state.balance.rawValue &- line.amount.rawValue)
            eTickets[program]?[ticket] = state
        }
    }
}
