/// A program's terms as the control protocol shows them.
public struct ProgramView: Hashable, Sendable, Codable {
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

    /// A program's view from its fields.
    public init(
        program: String,
        name: String,
        kind: String,
        unit: Yen,
        faceValue: Yen,
        maximumPerTransaction: Yen,
        validFrom: String,
        validUntil: String,
        refundRule: String
    ) {
        self.program = program
        self.name = name
        self.kind = kind
        self.unit = unit
        self.faceValue = faceValue
        self.maximumPerTransaction = maximumPerTransaction
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.refundRule = refundRule
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
