import Foundation

@testable import Kiosk

/// The ledger the suite runs against: SQLite by default; PostgreSQL when `KIOSK_TEST_LEDGER` is
/// `postgresql` and `KIOSK_TEST_POSTGRESQL` holds a conninfo (scripts/test.sh starts a throwaway
/// cluster and runs the suite a second time so). Each fixture gets its own PostgreSQL schema.
enum TestLedgerBackend {
    case sqlite
    case postgresql(conninfo: String)

    static let current: TestLedgerBackend = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["KIOSK_TEST_LEDGER"] == "postgresql" else { return .sqlite }
        guard let conninfo = environment["KIOSK_TEST_POSTGRESQL"], !conninfo.isEmpty else {
            fatalError("KIOSK_TEST_LEDGER=postgresql needs KIOSK_TEST_POSTGRESQL (a conninfo)")
        }
        return .postgresql(conninfo: conninfo)
    }()

    /// Whether `KIOSK_TEST_POSTGRESQL` reaches the server through a transaction-pooling PgBouncer
    /// (`KIOSK_TEST_POOLED=1`): the ledger then keeps no session state.
    static let pooled = ProcessInfo.processInfo.environment["KIOSK_TEST_POOLED"] == "1"

    /// Whether the suite runs against SQLite (tests of the file itself run only then).
    static var isSQLite: Bool {
        if case .sqlite = current { return true }
        return false
    }

    /// Whether the suite runs against PostgreSQL.
    static var isPostgreSQL: Bool { !isSQLite }

    /// Where one fixture's ledger lives.
    enum Place {
        case file(String)
        case schema(conninfo: String, name: String)
    }

    /// A fresh place for one fixture's ledger; `directory` serves SQLite.
    static func freshPlace(in directory: URL) -> Place {
        switch current {
        case .sqlite: return .file(directory.appendingPathComponent("ledger.sqlite").path)
        case .postgresql(let conninfo):
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            return .schema(conninfo: conninfo, name: name)
        }
    }

    /// Opens the ledger at `place`; PostgreSQL releases `terminal`'s holds, as a kiosk would.
    static func open(
        _ place: Place,
        timeZone: LedgerTimeZone = .tokyo,
        terminal: SiteCode? = SiteCode("T1"),
        now: Timestamp
    ) throws(LedgerError) -> RelationalLedger {
        switch place {
        case .file(let path): try SQLiteLedger.open(path: path, timeZone: timeZone)
        case .schema(let conninfo, let name):
            try PostgreSQLLedger.open(
                conninfo: conninfo, schema: name, pooled: pooled, timeZone: timeZone, terminal: terminal, now: now
            )
        }
    }

    /// Drops a PostgreSQL fixture's schema (a SQLite fixture's directory is removed by its owner).
    static func remove(_ place: Place, using ledger: RelationalLedger) {
        guard case .schema(_, let name) = place else { return }
        _ = try? ledger.read { db throws(LedgerError) in try db.execute("DROP SCHEMA \(name) CASCADE") }
    }
}
