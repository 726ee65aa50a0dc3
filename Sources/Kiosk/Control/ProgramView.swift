/// A program's terms as the control protocol shows them.
public struct ProgramView: Hashable, Sendable, Encodable {
    /// The program code.
    public let program: String
    /// Its name.
    public let name: String
    /// `paper` or `eticket`.
    public let kind: String
    /// The unit of amounts, in yen.
    public let unit: Yen
    /// A paper voucher's face value.
    public let faceValue: Yen
    /// The most one payment may take.
    public let maximumPerTransaction: Yen
    /// Redemption opens (UTC).
    public let validFrom: String
    /// Redemption closes (UTC).
    public let validUntil: String
    /// `N hours after payment` or `until the closing`.
    public let refundRule: String

    /// The view of a program.
    public init(_ program: Program) {
        self.program = program.code.description
        name = program.name
        kind = program.kind.rawValue
        unit = program.unit
        faceValue = program.faceValue
        maximumPerTransaction = program.maximumPerTransaction
        validFrom = program.validFrom.description
        validUntil = program.validUntil.description
        switch program.refundRule {
        case .hoursAfterPayment(let hours): refundRule = "\(hours) hours after payment"
        case .untilClosing: refundRule = "until the closing"
        }
    }

    enum CodingKeys: String, CodingKey {
        case program, name, kind, unit
        case faceValue = "face_value"
        case maximumPerTransaction = "maximum_per_transaction"
        case validFrom = "valid_from"
        case validUntil = "valid_until"
        case refundRule = "refund_rule"
    }
}
