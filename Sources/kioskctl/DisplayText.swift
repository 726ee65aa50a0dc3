import Foundation

/// Text as a terminal shows it: Japanese names take two columns a character (East Asian Width
/// "W" and "F"), so tables pad by display width, not by character count; and kioskd's UTC times
/// are shown in the kiosk's zone in the manuals' form (2026/12/05 14:03:59).
enum DisplayText {
    /// The columns `text` takes in a terminal.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` padded with spaces to `columns` display columns (never cut).
    static func padded(_ text: String, to columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - width(text)))
    }

    /// Spaces, then `text`, to `columns` display columns (numbers align right).
    static func rightAligned(_ text: String, to columns: Int) -> String {
        String(repeating: " ", count: max(0, columns - width(text))) + text
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        // East Asian Wide and Fullwidth (Unicode's EastAsianWidth.txt, the blocks text meets).
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// The zone times are shown in: the kiosk's, once kioskd has said it (`status`), else this machine's.
    nonisolated(unsafe) static var timeZone = TimeZone.current

    /// A UTC ISO 8601 time from kioskd as `2026/12/05 14:03:59` in ``timeZone``; other text unchanged.
    static func time(_ text: String, lessOneSecond: Bool = false) -> String {
        guard let parsed = parse(text) else { return text }
        let date = lessOneSecond ? parsed.addingTimeInterval(-1) : parsed
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 0)/\(two(c.month))/\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// A day (`2026-12-05`) or a month (`2026-12`) from kioskd as the manuals print it
    /// (`2026/12/05`, `2026/12`); other text unchanged.
    static func day(_ text: String) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return text }
        return parts.joined(separator: "/")
    }

    /// A value from kioskd as a person reads it: a time in the kiosk's zone, a day or month with
    /// slashes; other text unchanged.
    static func value(_ text: String) -> String { isTime(text) ? time(text) : day(text) }

    /// Whether `text` is one of kioskd's UTC times.
    static func isTime(_ text: String) -> Bool { parse(text) != nil }

    private static func parse(_ text: String) -> Date? {
        guard text.count >= 20, text.hasSuffix("Z"), text.dropFirst(10).first == "T" else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
