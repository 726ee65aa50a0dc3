import Testing

@testable import Kiosk

/// The text the PostgreSQL ledger writes into SQL itself: placeholders and schema names.
@Suite struct PostgreSQLTextTests {
    @Test func placeholdersAreNumberedOutsideQuotedText() {
        #expect(PostgreSQLConnection.numberedPlaceholders("SELECT 1") == "SELECT 1")
        #expect(
            PostgreSQLConnection.numberedPlaceholders("UPDATE t SET a = ?, b = '?' WHERE c = ? AND d = 'it''s ?'")
                == "UPDATE t SET a = $1, b = '?' WHERE c = $2 AND d = 'it''s ?'"
        )
        #expect(PostgreSQLConnection.numberedPlaceholders("VALUES (?, ?, ?)") == "VALUES ($1, $2, $3)")
    }

    @Test func integersAreSentInDecimal() {
        for number: Int64 in [0, 7, -1, 10, -10, 1_000, 99_999_999, Int64.max, Int64.min] {
            var bytes = [UInt8](repeating: 0, count: 21)
            let length = bytes.withUnsafeMutableBufferPointer { PostgreSQLParameters.writeDecimal(number, to: $0.baseAddress!) }
            #expect(String(decoding: bytes[..<length], as: UTF8.self) == String(number))
        }
    }

    @Test func parametersAreTextWithTheirEndOrBinaryWithTheirLength() {
        let bindings: [SQLValue] = [.integer(-42), .text("千円 ok"), .null, .blob([0, 1, 255]), .text("")]
        let seen = PostgreSQLParameters.with(bindings) { values, lengths, formats in
            (0..<bindings.count).map { index -> (String?, Int32, Int32) in
                let text = values![index].map { pointer in
                    formats![index] == 1
                        ? UnsafeRawPointer(pointer).withMemoryRebound(to: UInt8.self, capacity: Int(lengths![index])) {
                            Array(UnsafeBufferPointer(start: $0, count: Int(lengths![index]))).map(String.init).joined(separator: ",")
                        }
                        : String(cString: pointer)
                }
                return (text, lengths![index], formats![index])
            }
        }
        #expect(seen[0] == ("-42", 0, 0))
        #expect(seen[1] == ("千円 ok", 0, 0))
        #expect(seen[2] == (nil, 0, 0))
        #expect(seen[3] == ("0,1,255", 3, 1))
        #expect(seen[4] == ("", 0, 0))
        #expect(PostgreSQLParameters.with([]) { values, _, _ in values == nil })
    }

    @Test func onlyPlainLowerCaseNamesAreSchemaNames() {
        for good in ["kaga_city", "t_0123", "_x", String(repeating: "a", count: 63)] {
            #expect(PostgreSQLLedger.isSchemaName(good), "\(good)")
        }
        for bad in ["", "9lives", "Kaga", "a-b", "a;drop", "a b", "\"x\"", String(repeating: "a", count: 64)] {
            #expect(!PostgreSQLLedger.isSchemaName(bad), "\(bad)")
        }
    }
}
