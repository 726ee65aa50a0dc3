/// A new program as the `program.create` request describes it: days in the ledger's zone, and a
/// semimonthly settlement calendar (closings on the 15th and the month's end, as in 002 1-1).
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
    /// Days from a closing to its payout.
    public var payoutDelay: Int
}
