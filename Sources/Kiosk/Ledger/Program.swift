/// A voucher or e-ticket product: what it is worth, when it may be used and refunded, how it settles.
public struct Program: Hashable, Sendable, Codable {
    /// The program's code, carried in every voucher and e-ticket code of the program.
    public var code: ProgramCode
    /// A number from 1 to 999 that stands for the program in typed fallback codes (digits only).
    public var number: Int
    /// The name shown to operators, such as "いい街こまつプレミアム 2026".
    public var name: String
    /// Paper vouchers or e-tickets.
    public var kind: ProgramKind
    /// Session amounts must be multiples of this (002: 1,000 yen; an e-ticket program: often 1).
    public var unit: Yen
    /// The face value of each paper voucher (for e-tickets, the usual issue balance; informative).
    public var faceValue: Yen
    /// The largest amount one session may take (002: 100,000 yen).
    public var maximumPerTransaction: Yen
    /// The first instant the program's codes may be redeemed.
    public var validFrom: Timestamp
    /// The end (exclusive) of the window in which customers may use the codes.
    public var validUntil: Timestamp
    /// The end (exclusive) of redemption by merchants, on or after `validUntil` (002: 11/30).
    public var redemptionDeadline: Timestamp
    /// How long a payment may be refunded by the store.
    public var refundRule: RefundRule
    /// Closing days and payout dates.
    public var calendar: SettlementCalendar

    /// A program from all its terms; ``Ledger/createProgram(_:by:now:)`` validates them.
    public init(
        code: ProgramCode,
        number: Int,
        name: String,
        kind: ProgramKind,
        unit: Yen,
        faceValue: Yen,
        maximumPerTransaction: Yen,
        validFrom: Timestamp,
        validUntil: Timestamp,
        redemptionDeadline: Timestamp,
        refundRule: RefundRule,
        calendar: SettlementCalendar
    ) {
        self.code = code
        self.number = number
        self.name = name
        self.kind = kind
        self.unit = unit
        self.faceValue = faceValue
        self.maximumPerTransaction = maximumPerTransaction
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.redemptionDeadline = redemptionDeadline
        self.refundRule = refundRule
        self.calendar = calendar
    }

    /// Checks the terms, naming the first one that is wrong.
    ///
    /// - Throws: ``LedgerError/invalidProgram(field:reason:)``.
    /// The longest a program's codes can be redeemed, from the start of validity to the redemption
    /// deadline: 5 years. The typed-code limit is reckoned against it (`docs/voucher-codes.md`).
    public static let longestRedemptionSeconds: Int64 = 1_827 * 86_400

    public func validate() throws(LedgerError) {
        func bad(_ field: String, _ reason: String) -> LedgerError { .invalidProgram(field: field, reason: reason) }
        guard (1...999).contains(number) else { throw bad("number", "must be 1 to 999, got \(number)") }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, name.count <= 100 else { throw bad("name", "must be 1 to 100 characters") }
        guard unit > .zero else { throw bad("unit", "must be more than 0 yen, got \(unit)") }
        guard faceValue > .zero else { throw bad("face value", "must be more than 0 yen, got \(faceValue)") }
        if kind == .paper && faceValue.rawValue % unit.rawValue != 0 {
            throw bad("face value", "\(faceValue) is not a multiple of the unit \(unit)")
        }
        guard maximumPerTransaction >= unit, maximumPerTransaction.rawValue % unit.rawValue == 0 else {
            throw bad("maximum per transaction", "\(maximumPerTransaction) must be a positive multiple of \(unit)")
        }
        guard validFrom < validUntil else { throw bad("validity", "must end after it starts") }
        guard redemptionDeadline >= validUntil else {
            throw bad("redemption deadline", "must not be before the end of validity")
        }
        guard redemptionDeadline.rawValue - validFrom.rawValue <= Self.longestRedemptionSeconds * 1_000_000 else {
            throw bad("redemption deadline", "must be at most 5 years after the start of validity")
        }
        if case .hoursAfterPayment(let hours) = refundRule, !(1...8760).contains(hours) {
            throw bad("refund rule", "hours after payment must be 1 to 8760, got \(hours)")
        }
        if refundRule == .untilClosing && calendar.periods.isEmpty {
            throw bad("refund rule", "refunds until the closing need a settlement calendar")
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> Substring {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return slice
    }
}

extension Set<Character> {
    fileprivate static let whitespaces: Set<Character> = [" ", "\t", "\n", "\r", "\u{3000}"]
}
