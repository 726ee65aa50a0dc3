import Foundation

/// Writes ``SettlementCSV`` lines in an ``ExportEncoding``, refusing any character the encoding
/// cannot hold with the line, the column and the character.
///
/// Not thread-safe: an export job owns one on its queue.
public final class SettlementCSVWriter {
    /// The encoding written.
    public let encoding: ExportEncoding
    /// Lines written so far, the header included.
    public private(set) var lines = 0
    private let timeZone: LedgerTimeZone
    private let encoder: IconvEncoder?
    private var line: [UInt8] = []
    private var starts: [Int] = []
    private var offsetCache: (bucket: Int64, offset: Int64) = (.min, 0)

    /// A writer for one file.
    ///
    /// - Parameters:
    ///   - encoding: UTF-8, Shift_JIS or Windows-31J.
    ///   - timeZone: The zone times are written in.
    /// - Throws: ``LedgerError/exportFile(path:reason:)`` when iconv lacks the encoding.
    public init(encoding: ExportEncoding, timeZone: LedgerTimeZone) throws(LedgerError) {
        self.encoding = encoding
        self.timeZone = timeZone
        encoder = encoding == .utf8 ? nil : try IconvEncoder(to: encoding.iconvName)
    }

    /// Appends the header line to `output`.
    ///
    /// - Throws: ``LedgerError/unencodableCharacter(row:column:character:encoding:)``.
    public func writeHeader(to output: inout [UInt8]) throws(LedgerError) {
        try write(SettlementCSV.columns, to: &output)
    }

    /// Appends one record's line to `output`.
    ///
    /// - Throws: ``LedgerError/unencodableCharacter(row:column:character:encoding:)``; `output` is
    ///   then unchanged.
    public func write(_ record: SettlementRecord, to output: inout [UInt8]) throws(LedgerError) {
        try write(SettlementCSV.fields(of: record, time: format), to: &output)
    }

    private func write(_ fields: [String], to output: inout [UInt8]) throws(LedgerError) {
        line.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        SettlementCSV.appendLine(fields, to: &line, starts: &starts)
        let failure: Int? = line.withUnsafeBufferPointer { bytes -> Int? in
            guard let encoder else {
                output.append(contentsOf: bytes)
                return nil
            }
            if encoding == .shiftJIS, let index = bytes.firstIndex(where: { $0 == 0x5C || $0 == 0x7E }) {
                return index  // Shift_JIS readers show these bytes as "¥" and "‾"
            }
            if !bytes.contains(where: { $0 >= 0x80 }) {
                output.append(contentsOf: bytes)  // ASCII is the same bytes in Shift_JIS and Windows-31J
                return nil
            }
            let before = output.count
            if let offset = encoder.append(bytes, to: &output) {
                output.removeSubrange(before...)
                return offset
            }
            return nil
        }
        guard let offset = failure else {
            lines += 1
            return
        }
        let column = (starts.lastIndex { $0 <= offset } ?? 0)
        let scalars = String(decoding: line[offset...], as: UTF8.self).unicodeScalars
        let character =
            scalars.first.map { scalar in
                "\"\(Character(scalar))\" (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))"
            } ?? "an unreadable byte"
        throw .unencodableCharacter(
            row: lines + 1,
            column: "\(column + 1) \(SettlementCSV.columns[column])",
            character: character,
            encoding: encoding.displayName
        )
    }

    /// "YYYY/MM/DD HH24:MI:SS" in the writer's zone; the zone's offset is looked up once a
    /// quarter-hour of instants (every zone changes offset on a quarter-hour).
    private func format(_ instant: Timestamp) -> String {
        let seconds = instant.unixSeconds
        let bucket = seconds >= 0 ? seconds / 900 : (seconds - 899) / 900
        if bucket != offsetCache.bucket {
            offsetCache = (bucket, Int64(timeZone.zone.secondsFromGMT(for: instant.date)))
        }
        let local = seconds + offsetCache.offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let day = LocalDate(daysSinceEpoch: days)
        let second = local - days * 86_400
        var text = [UInt8]()
        text.reserveCapacity(19)
        func digits(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(Int64(day.year), 4)
        text.append(0x2F)
        digits(Int64(day.month), 2)
        text.append(0x2F)
        digits(Int64(day.day), 2)
        text.append(0x20)
        digits(second / 3600, 2)
        text.append(0x3A)
        digits(second / 60 % 60, 2)
        text.append(0x3A)
        digits(second % 60, 2)
        return String(decoding: text, as: UTF8.self)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
