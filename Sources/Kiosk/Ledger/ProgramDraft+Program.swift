extension ProgramDraft {
    /// The program in a zone: redemption from the start of `validFrom` to the end of `validUntil`.
    public func program(in zone: LedgerTimeZone) -> Program {
        Program(
            code: code,
            number: number,
            name: name,
            kind: kind,
            unit: unit,
            faceValue: faceValue,
            maximumPerTransaction: maximumPerTransaction,
            validFrom: zone.startOfDay(validFrom),
            validUntil: zone.startOfDay(validUntil.adding(days: 1)),
            redemptionDeadline: zone.startOfDay(redemptionDeadline.adding(days: 1)),
            refundRule: refundHours.map { .hoursAfterPayment($0) } ?? .untilClosing,
            calendar: schedule
                ?? .semimonthly(
                    from: validFrom,
                    through: redemptionDeadline.adding(days: 31),
                    payoutDelay: payoutDelay
                )
        )
    }
}
