public import Foundation

/// The zone in which times are shown, grouped into days and matched to closing dates.
///
/// Stored times stay UTC; this only converts. The default is Asia/Tokyo, the seeds' zone.
public struct LedgerTimeZone: Sendable, Hashable {
    /// The Foundation zone.
    public let zone: TimeZone

    /// A zone by its IANA identifier, or `nil` if the system does not know it.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
    }

    /// Wraps a Foundation zone.
    public init(_ zone: TimeZone) { self.zone = zone }

    /// Asia/Tokyo (UTC+9, no daylight saving time).
    public static let tokyo = LedgerTimeZone(TimeZone(secondsFromGMT: 9 * 3600) ?? TimeZone.current, tokyo: ())

    private init(_ fallback: TimeZone, tokyo: Void) {
        zone = TimeZone(identifier: "Asia/Tokyo") ?? fallback
    }

    /// The day an instant falls on in this zone.
    public func localDate(of instant: Timestamp) -> LocalDate {
        let offset = Int64(zone.secondsFromGMT(for: instant.date))
        let local = instant.unixSeconds + offset
        return LocalDate(daysSinceEpoch: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// The first instant of a day in this zone (its local midnight).
    public func startOfDay(_ day: LocalDate) -> Timestamp {
        let utcMidnight = day.daysSinceEpoch * 86_400
        // The offset at the local midnight; evaluate twice so a zone change near midnight settles.
        var offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcMidnight))))
        offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcMidnight - offset))))
        return Timestamp(rawValue: (utcMidnight - offset) * 1_000_000)
    }

    /// The half-open range of instants that make up a local day.
    public func instants(of day: LocalDate) -> Range<Timestamp> {
        startOfDay(day)..<startOfDay(day.adding(days: 1))
    }

    /// An instant as an operator reads it in this zone: "2026/06/24 10:15:02".
    public func display(_ instant: Timestamp) -> String {
        let offset = Int64(zone.secondsFromGMT(for: instant.date))
        let local = instant.unixSeconds + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let day = LocalDate(daysSinceEpoch: days)
        let second = local - days * 86_400
        return String(
            format: "%04ld/%02ld/%02ld %02lld:%02lld:%02lld",
            day.year,
            day.month,
            day.day,
            second / 3600,
            second / 60 % 60,
            second % 60
        )
    }
}
