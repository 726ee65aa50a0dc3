extension ProgramView {
    /// The view of a program.
    public init(_ program: Program) {
        let refundRule =
            switch program.refundRule {
            case .hoursAfterPayment(let hours): "\(hours) hours after payment"
            case .untilClosing: "until the closing"
            }
        self.init(
            program: program.code.description,
            name: program.name,
            kind: program.kind.rawValue,
            unit: program.unit,
            faceValue: program.faceValue,
            maximumPerTransaction: program.maximumPerTransaction,
            validFrom: program.validFrom.description,
            validUntil: program.validUntil.description,
            refundRule: refundRule
        )
    }
}
