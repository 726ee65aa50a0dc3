import Foundation
import KioskProtocol

/// The manuals' default ranges of the reports, reckoned in the kiosk's time zone (which kioskd's
/// `status` gives): the usage list (利用実績) today, the daily totals the last 31 days, the
/// monthly totals the last 3 months.
enum ReportDefaults {
    /// The default of each report, in words for a usage message.
    static let words = ["usage": "today", "daily": "the last 31 days", "monthly": "the last 3 months"]

    /// `from` and `to` of `kind`'s default range, as the protocol writes them.
    static func range(for kind: String, socket: String) throws -> (from: String, to: String) {
        let status = try ControlClient(socketPath: socket).call(.status)
        let zone = if case .status(let view) = status { TimeZone(identifier: view.timeZone) ?? .current } else { TimeZone.current }
        return range(for: kind, today: Date(), in: zone)
    }

    /// The range for `today` in `zone`.
    static func range(for kind: String, today: Date, in zone: TimeZone) -> (from: String, to: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func day(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        }
        func month(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month], from: date)
            return String(format: "%04d-%02d", c.year ?? 0, c.month ?? 0)
        }
        switch kind {
        case "daily": return (day(calendar.date(byAdding: .day, value: -30, to: today) ?? today), day(today))
        case "monthly": return (month(calendar.date(byAdding: .month, value: -2, to: today) ?? today), month(today))
        default: return (day(today), day(today))
        }
    }
}
