internal import CLibPQ
internal import CSQLite
import Glibc

/// One result row, read by column index, from either database.
///
/// Valid only inside the row callback that received it.
struct SQLRow {
    enum Source {
        /// A SQLite statement stepped onto a row.
        case sqlite(OpaquePointer)
        /// A libpq result (text format) and a row number in it.
        case postgresql(OpaquePointer, Int32)
    }

    let source: Source

    /// Whether the column is SQL NULL.
    func isNull(_ column: Int32) -> Bool {
        switch source {
        case .sqlite(let statement): sqlite3_column_type(statement, column) == SQLITE_NULL
        case .postgresql(let result, let row): PQgetisnull(result, row, column) != 0
        }
    }

    /// An integer column (0 for NULL). PostgreSQL's `sum` of integers is `numeric`: read from its
    /// text, which has no fraction.
    func int(_ column: Int32) -> Int64 {
        switch source {
        case .sqlite(let statement):
            return sqlite3_column_int64(statement, column)
        case .postgresql(let result, let row):
            guard let text = PQgetvalue(result, row, column) else { return 0 }
            return strtoll(text, nil, 10)  // 0 for an empty (NULL) value, as before
        }
    }

    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    func text(_ column: Int32) -> String {
        switch source {
        case .sqlite(let statement):
            guard let pointer = sqlite3_column_text(statement, column) else { return "" }
            let count = Int(sqlite3_column_bytes(statement, column))
            return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
        case .postgresql(let result, let row):
            guard let pointer = PQgetvalue(result, row, column) else { return "" }
            let count = Int(PQgetlength(result, row, column))
            return pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
            }
        }
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// A blob (`bytea` in PostgreSQL, which sends it as `\x` and hex digits in text format).
    func blob(_ column: Int32) -> [UInt8] {
        switch source {
        case .sqlite(let statement):
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        case .postgresql:
            let hex = Array(text(column).utf8)
            guard hex.count >= 2, hex[0] == UInt8(ascii: "\\"), hex[1] == UInt8(ascii: "x"), hex.count % 2 == 0 else {
                return []
            }
            func nibble(_ c: UInt8) -> UInt8 {
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
                default: c &- UInt8(ascii: "A") &+ 10
                }
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(hex.count / 2 - 1)
            var index = 2
            while index < hex.count {
                bytes.append(nibble(hex[index]) << 4 | nibble(hex[index + 1]))
                index += 2
            }
            return bytes
        }
    }
}
