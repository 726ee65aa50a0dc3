import Foundation
import Kiosk

/// The `[ledger]` section's choice of database: one kiosk's SQLite file, or a city's shared
/// PostgreSQL database.
enum LedgerSettings: Sendable, Equatable {
    /// The embedded ledger: one file for this kiosk.
    case sqlite(path: String)
    /// The shared ledger: a libpq conninfo and, optionally, the schema that holds the tables.
    case postgresql(conninfo: String, schema: String?)

    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> LedgerSettings {
        let backend = reader.string("ledger.backend", default: "sqlite")
        let path = reader.optionalString("ledger.path")
        let conninfo = reader.optionalString("ledger.conninfo")
        let schema = reader.optionalString("ledger.schema")
        switch backend {
        case "sqlite":
            if conninfo != nil { throw reader.invalid("ledger.conninfo", "is for backend = postgresql; this ledger is sqlite") }
            if schema != nil { throw reader.invalid("ledger.schema", "is for backend = postgresql; this ledger is sqlite") }
            return .sqlite(path: path ?? "/var/lib/kioskd/ledger.sqlite")
        case "postgresql":
            if path != nil { throw reader.invalid("ledger.path", "is for backend = sqlite; this ledger is postgresql") }
            guard let conninfo, !conninfo.isEmpty else {
                throw reader.missing("ledger.conninfo", because: "backend = postgresql needs the server's conninfo")
            }
            if let schema, !PostgreSQLLedger.isSchemaName(schema) {
                throw reader.invalid("ledger.schema", "'\(schema)' is not a schema name (a-z, 0-9 and _, not starting with a digit)")
            }
            return .postgresql(conninfo: conninfo, schema: schema)
        default:
            throw reader.invalid("ledger.backend", "expected sqlite or postgresql, found '\(backend)'")
        }
    }

    /// Opens the ledger as the kiosk of `terminal`. A shared ledger releases the holds that
    /// terminal's previous run left (`nil` releases none: a tool beside a running kioskd); a SQLite
    /// file has none to release, since its holds live in the kiosk's memory.
    func open(timeZone: LedgerTimeZone, terminal: SiteCode?) throws(LedgerError) -> RelationalLedger {
        switch self {
        case .sqlite(let path): try SQLiteLedger(path: path, timeZone: timeZone)
        case .postgresql(let conninfo, let schema):
            try PostgreSQLLedger(conninfo: conninfo, schema: schema, timeZone: timeZone, terminal: terminal)
        }
    }

    /// Where the ledger is, for the log: the file, or the server without its password.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgresql(let conninfo, let schema):
            "PostgreSQL (\(Self.withoutPassword(conninfo)))" + (schema.map { ", schema \($0)" } ?? "")
        }
    }

    /// A conninfo with any `password=...` word (or a URI's `:password@`) left out.
    static func withoutPassword(_ conninfo: String) -> String {
        if conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") {
            guard let at = conninfo.firstIndex(of: "@"), let scheme = conninfo.range(of: "://") else { return conninfo }
            let credentials = conninfo[scheme.upperBound..<at]
            guard let colon = credentials.firstIndex(of: ":") else { return conninfo }
            return String(conninfo[..<colon]) + String(conninfo[at...])
        }
        return conninfo.split(separator: " ").filter { !$0.hasPrefix("password=") }.joined(separator: " ")
    }
}
