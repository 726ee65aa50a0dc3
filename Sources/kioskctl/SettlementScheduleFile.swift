import Foundation

/// A program's settlement schedule as the program office writes it for `program create
/// --schedule FILE`: one closing per line, `CLOSING PAYOUT` (both YYYY-MM-DD), `#` comments.
///
/// Payout dates skip holidays and weekends, so 002 section 1-1 lists them rather than computing
/// them; kioskd checks the order and the coverage of the program's validity.
enum SettlementScheduleFile {
    /// The periods of the file, as the `schedule` field of `program.create`.
    ///
    /// - Throws: ``UsageError`` naming the file and the line that cannot be read.
    static func read(_ path: String) throws(UsageError) -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("cannot read the schedule file \(path)")
        }
        var periods: [[String: String]] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if words.isEmpty { continue }
            guard words.count == 2, words.allSatisfy(isDay) else {
                throw UsageError(
                    "\(path) line \(index + 1): expected 'CLOSING PAYOUT' as two YYYY-MM-DD days, found '\(raw)'")
            }
            periods.append(["closing": String(words[0]), "payout": String(words[1])])
        }
        guard !periods.isEmpty else { throw UsageError("the schedule file \(path) lists no closing") }
        return periods
    }

    private static func isDay(_ word: Substring) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
