import Foundation
import KioskProtocol

/// A program's settlement schedule as the program office writes it for `program create
/// --schedule FILE`: one closing per line, `CLOSING PAYOUT` (both YYYY-MM-DD), `#` comments.
///
/// Payout dates skip holidays and weekends, so 002 section 1-1 lists them rather than computing
/// them; kioskd checks the order and the coverage of the program's validity.
enum SettlementScheduleFile {
    /// The calendar of the file, as the `schedule` field of `program.create`.
    ///
    /// - Throws: ``UsageError`` naming the file and the line that cannot be read, or saying the
    ///   closings do not increase or a payout comes before its closing.
    static func read(_ path: String) throws(UsageError) -> SettlementCalendar {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("cannot read the schedule file \(path)")
        }
        var periods: [SettlementCalendar.Period] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if words.isEmpty { continue }
            guard words.count == 2, words.allSatisfy(isDay), let closing = LocalDate(String(words[0])),
                let payout = LocalDate(String(words[1]))
            else {
                throw UsageError(
                    "\(path) line \(index + 1): expected 'CLOSING PAYOUT' as two YYYY-MM-DD days, found '\(raw)'")
            }
            periods.append(SettlementCalendar.Period(closing: closing, payout: payout))
        }
        guard !periods.isEmpty else { throw UsageError("the schedule file \(path) lists no closing") }
        guard let calendar = SettlementCalendar(periods) else {
            throw UsageError("\(path): closings must increase and each payout be on or after its closing")
        }
        return calendar
    }

    private static func isDay(_ word: Substring) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
