/// The program's settlement calendar: closing days and the payout date of each period.
///
/// 002 section 1-1 closes twice a month (the 15th and the month's end) and pays about two weeks
/// later; the dates are listed, not computed, because payout dates skip holidays.
public struct SettlementCalendar: Hashable, Sendable, Codable {
    /// One closing: payments made up to and including `closing` (local day) are paid on `payout`.
    public struct Period: Hashable, Sendable, Codable {
        /// The last local day whose payments this period covers.
        public var closing: LocalDate
        /// The day the merchant is paid for the period.
        public var payout: LocalDate

        /// A period from its closing and payout days.
        public init(closing: LocalDate, payout: LocalDate) {
            self.closing = closing
            self.payout = payout
        }
    }

    /// The periods in increasing order of closing day.
    public let periods: [Period]

    /// A calendar from its periods; `nil` unless closings strictly increase and each payout is on
    /// or after its closing.
    public init?(_ periods: [Period]) {
        for (index, period) in periods.enumerated() {
            if period.payout < period.closing { return nil }
            if index > 0 && periods[index - 1].closing >= period.closing { return nil }
        }
        self.periods = periods
    }

    /// The period whose closing is the first on or after `day`, or `nil` past the last closing.
    public func period(covering day: LocalDate) -> Period? {
        periods.first { $0.closing >= day }
    }

    /// Closings on the 15th and the last day of each month from `first` through `last` (inclusive),
    /// each paid `payoutDelay` days later: a calendar shaped like 002's when exact dates are unknown.
    public static func semimonthly(
        from first: LocalDate,
        through last: LocalDate,
        payoutDelay: Int
    ) -> SettlementCalendar {
        var periods: [Period] = []
        var year = first.year
        var month = first.month
        while true {
            let mid = LocalDate(year: year, month: month, day: 15)
            let end = LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))
            for case let closing? in [mid, end] where closing >= first && closing <= last {
                periods.append(Period(closing: closing, payout: closing.adding(days: payoutDelay)))
            }
            if year > last.year || (year == last.year && month >= last.month) { break }
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
        return SettlementCalendar(uncheckedPeriods: periods)
    }

    /// The 2026 いい街こまつプレミアム calendar of 002 section 1-1, eleven closings.
    public static let komatsu2026: SettlementCalendar = {
        let pairs: [(Int, Int, Int, Int)] = [
            (6, 30, 7, 15), (7, 15, 7, 31), (7, 31, 8, 14), (8, 15, 8, 31), (8, 31, 9, 15), (9, 15, 9, 30),
            (9, 30, 10, 15), (10, 15, 10, 30), (10, 31, 11, 13), (11, 15, 11, 30), (11, 30, 12, 15),
        ]
        var periods: [Period] = []
        for (cm, cd, pm, pd) in pairs {
            if let closing = LocalDate(year: 2026, month: cm, day: cd),
                let payout = LocalDate(year: 2026, month: pm, day: pd)
            {
                periods.append(Period(closing: closing, payout: payout))
            }
        }
        return SettlementCalendar(uncheckedPeriods: periods)
    }()

    /// A calendar whose periods the caller has checked.
    package init(uncheckedPeriods: [Period]) { periods = uncheckedPeriods }

    /// Decodes and validates the periods.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let calendar = SettlementCalendar(try container.decode([Period].self)) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "closings must increase and payouts follow closings"
            )
        }
        self = calendar
    }

    /// Encodes the periods as an array.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(periods)
    }
}
