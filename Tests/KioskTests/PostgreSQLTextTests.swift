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

    @Test func onlyPlainLowerCaseNamesAreSchemaNames() {
        for good in ["kaga_city", "t_0123", "_x", String(repeating: "a", count: 63)] {
            #expect(PostgreSQLLedger.isSchemaName(good), "\(good)")
        }
        for bad in ["", "9lives", "Kaga", "a-b", "a;drop", "a b", "\"x\"", String(repeating: "a", count: 64)] {
            #expect(!PostgreSQLLedger.isSchemaName(bad), "\(bad)")
        }
    }
}
