import Foundation
import Kiosk

/// The `[ledger]` section's choice of database: one kiosk's SQLite file, or a city's shared
/// PostgreSQL database.
enum LedgerSettings: Sendable, Equatable {
    /// The embedded ledger: one file for this kiosk.
    case sqlite(path: String)
    /// The shared ledger: a libpq conninfo, optionally the schema that holds the tables, and
    /// whether the conninfo reaches the server through a transaction-pooling PgBouncer.
    case postgresql(conninfo: String, schema: String?, pooled: Bool = false)

    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> LedgerSettings {
        let backend = reader.string("ledger.backend", default: "sqlite")
        let path = reader.optionalString("ledger.path")
        let conninfo = reader.optionalString("ledger.conninfo")
        let schema = reader.optionalString("ledger.schema")
        let pooled = reader.optionalString("ledger.pooled")
        switch backend {
        case "sqlite":
            if conninfo != nil { throw reader.invalid("ledger.conninfo", "is for backend = postgresql; this ledger is sqlite") }
            if schema != nil { throw reader.invalid("ledger.schema", "is for backend = postgresql; this ledger is sqlite") }
            if pooled != nil { throw reader.invalid("ledger.pooled", "is for backend = postgresql; this ledger is sqlite") }
            return .sqlite(path: path ?? "/var/lib/kioskd/ledger.sqlite")
        case "postgresql":
            if path != nil { throw reader.invalid("ledger.path", "is for backend = sqlite; this ledger is postgresql") }
            guard let conninfo, !conninfo.isEmpty else {
                throw reader.missing("ledger.conninfo", because: "backend = postgresql needs the server's conninfo")
            }
            if let schema, !PostgreSQLLedger.isSchemaName(schema) {
                throw reader.invalid("ledger.schema", "'\(schema)' is not a schema name (a-z, 0-9 and _, not starting with a digit)")
            }
            let throughPool: Bool
            switch pooled ?? "no" {
            case "yes": throughPool = true
            case "no": throughPool = false
            case let other: throw reader.invalid("ledger.pooled", "expected yes or no, found '\(other)'")
            }
            return .postgresql(conninfo: conninfo, schema: schema, pooled: throughPool)
        default:
            throw reader.invalid("ledger.backend", "expected sqlite or postgresql, found '\(backend)'")
        }
    }

    /// Opens the ledger as the kiosk of `terminal`. A shared ledger releases the holds that
    /// terminal's previous run left (`nil` releases none: a tool beside a running kioskd); a SQLite
    /// file has none to release, since its holds live in the kiosk's memory.
    func open(timeZone: LedgerTimeZone, terminal: SiteCode?) throws(LedgerError) -> RelationalLedger {
        switch self {
        case .sqlite(let path): try SQLiteLedger.open(path: path, timeZone: timeZone)
        case .postgresql(let conninfo, let schema, let pooled):
            try PostgreSQLLedger.open(conninfo: conninfo, schema: schema, pooled: pooled, timeZone: timeZone, terminal: terminal)
        }
    }

    /// Where the ledger is, for the log: the file, or the server without its password.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgresql(let conninfo, let schema, let pooled):
            "PostgreSQL (\(Self.withoutPassword(conninfo)))" + (schema.map { ", schema \($0)" } ?? "")
                + (pooled ? ", through a transaction pool" : "")
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
