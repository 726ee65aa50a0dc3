public import Foundation

/// An instant in UTC, in whole microseconds since 1970-01-01T00:00:00Z.
///
/// The ledger stores every time as this integer, so times sort, compare and index exactly and
/// never depend on the machine's time zone; they are shown in the configured zone only.
public struct Timestamp: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Microseconds since the Unix epoch, UTC.
    public var rawValue: Int64

    /// Wraps microseconds since the Unix epoch.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// The instant of a Foundation date, rounded down to the microsecond.
    public init(_ date: Date) {
        rawValue = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// The current instant of the system's real-time clock.
    public static func now() -> Timestamp { Timestamp(Date()) }

    /// This instant as a Foundation date.
    public var date: Date { Date(timeIntervalSince1970: Double(rawValue) / 1_000_000) }

    /// Whole seconds since the Unix epoch (rounded down).
    public var unixSeconds: Int64 { rawValue >= 0 ? rawValue / 1_000_000 : (rawValue - 999_999) / 1_000_000 }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp { Timestamp(rawValue: rawValue + seconds * 1_000_000) }

    /// This instant moved by a number of microseconds.
    public func adding(microseconds: Int64) -> Timestamp { Timestamp(rawValue: rawValue + microseconds) }

    /// Seconds from `other` to this instant (negative when `other` is later).
    public func seconds(since other: Timestamp) -> Double { Double(rawValue - other.rawValue) / 1_000_000 }

    /// Orders instants in time.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.rawValue < rhs.rawValue }

    /// ISO 8601 in UTC with microseconds, such as "2026-06-24T01:02:03.000004Z".
    public var description: String {
        let seconds = unixSeconds
        let micros = rawValue - seconds * 1_000_000
        let day = LocalDate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = seconds - day.daysSinceEpoch * 86_400
        // Digits by hand: Foundation's String(format:) was 5% of a shared-ledger kiosk's CPU time in a
        // confirm (every payment's audit entry and notification carries its time).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        day.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDecimal(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(secondOfDay / 60 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(secondOfDay % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDecimal(micros, width: 6, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes as the bare integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Decodes from the bare integer.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }
}
