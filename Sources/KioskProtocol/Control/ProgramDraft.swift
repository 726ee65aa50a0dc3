/// A new program as the `program.create` request describes it: days in the ledger's zone, and
/// either an explicit schedule of closings and payouts (002 1-1 lists irregular payout dates) or
/// the rule: closings on the 15th and the month's end, each paid `payoutDelay` days later.
public struct ProgramDraft: Hashable, Sendable {
    /// The program code.
    public var code: ProgramCode
    /// The number in its voucher codes (1-999).
    public var number: Int
    /// The name on screens and exports.
    public var name: String
    /// Paper vouchers or e-tickets.
    public var kind: ProgramKind
    /// The unit amounts are multiples of.
    public var unit: Yen
    /// A paper voucher's face value.
    public var faceValue: Yen
    /// The most one payment may take.
    public var maximumPerTransaction: Yen
    /// The first day of redemption.
    public var validFrom: LocalDate
    /// The last day of redemption.
    public var validUntil: LocalDate
    /// The last day a store may still settle.
    public var redemptionDeadline: LocalDate
    /// Refunds allowed this many hours after payment; `nil`: until the closing that covers it.
    public var refundHours: Int?
    /// Days from a closing to its payout, when the calendar follows the rule.
    public var payoutDelay: Int
    /// The closings and payouts as the program office lists them; `nil`: the rule.
    public var schedule: SettlementCalendar?

    /// A draft from its parts.
    public init(
        code: ProgramCode,
        number: Int,
        name: String,
        kind: ProgramKind,
        unit: Yen,
        faceValue: Yen,
        maximumPerTransaction: Yen,
        validFrom: LocalDate,
        validUntil: LocalDate,
        redemptionDeadline: LocalDate,
        refundHours: Int?,
        payoutDelay: Int,
        schedule: SettlementCalendar? = nil
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
        self.refundHours = refundHours
        self.payoutDelay = payoutDelay
        self.schedule = schedule
    }

    /// Why `schedule` cannot settle the program's payments, or `nil` when it can: every day of
    /// validity must fall in a period, so the last closing is on or after `validUntil`.
    public var scheduleProblem: String? {
        guard let schedule else { return nil }
        guard let last = schedule.periods.last else { return "the schedule lists no closing" }
        if last.closing < validUntil {
            return "the last closing \(last.closing) is before the end of validity \(validUntil)"
        }
        if let first = schedule.periods.first, first.closing < validFrom {
            return "the first closing \(first.closing) is before the start of validity \(validFrom)"
        }
        return nil
    }
}
