internal import CSQLite
import Foundation

/// The embedded ledger: one SQLite file in WAL mode with `synchronous=FULL`, for one kiosk, opened
/// as a ``RelationalLedger`` over its connection.
///
/// A payment or refund is reported only after its transaction is on disk. Opening the file runs
/// pending migrations and refuses a schema newer than this code.
///
/// Holds are not in the file: a hold belongs to one of this kiosk's open sessions, which never
/// survive its process, so each connection keeps its holds in a table of its own in memory
/// (``holdsTable``). A restart starts with none, as a kiosk must, and a redemption writes to the
/// log only when it is confirmed. A tool that opens the file beside a running kioskd sees no holds.
public enum SQLiteLedger {
    /// The newest schema version this code reads and writes.
    public static let schemaVersion = SQLiteSchema.migrations.count

    /// Opens (or creates) the ledger file.
    ///
    /// The ledger's ``RelationalLedger/filePath`` is `path`; it has no holds to release at open,
    /// since they lived in the memory of the connection that made them.
    ///
    /// - Parameters:
    ///   - path: The SQLite file; created with the schema when absent.
    ///   - timeZone: The zone for days and closings (default Asia/Tokyo).
    ///   - busyTimeoutMilliseconds: How long to wait for another process's lock before failing.
    /// - Returns: The ledger, over its own connection to the file.
    /// - Throws: ``LedgerError/schemaTooNew(found:supported:)``, ``LedgerError/storage(operation:code:message:)``,
    ///   ``LedgerError/damaged(path:check:)``, ``LedgerError/notWritable(path:reason:)``.
    public static func open(
        path: String,
        timeZone: LedgerTimeZone = .tokyo,
        busyTimeoutMilliseconds: Int32 = 5000
    ) throws(LedgerError) -> RelationalLedger {
        let db = try SQLiteConnection(path: path)
        db.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        // A new file gets 512-byte pages, SQLite's smallest: a confirmation touches about twenty
        // pages, each a frame in the WAL, and a durable confirmation waits for all of their bytes to
        // reach the disk. 512-byte pages write 12 KiB per redeemed voucher where 1 KiB pages wrote
        // 20 KiB, at the same CPU time, and the disk's sync time grows with the bytes (docs/ledger.md).
        // (No effect on an existing file, which keeps its page size.)
        try db.execute("PRAGMA page_size=512")
        let mode = try db.first("PRAGMA journal_mode=WAL") { $0.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw .storage(
                operation: "enable WAL on \(path)",
                code: SQLITE_ERROR,
                message: "journal mode is \(mode ?? "unknown")"
            )
        }
        // A checkpoint when the log reaches 4 MiB (8,192 frames of 512 bytes; SQLite's default is
        // 1,000 frames): the pages every confirmation touches (the audit head, the day's totals,
        // index roots) are copied once per checkpoint rather than many times.
        let pageSize = Int(try db.first("PRAGMA page_size") { $0.int(0) } ?? 1024)
        try db.execute(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=\((4 << 20) / max(512, pageSize));"
        )
        try Self.migrate(db)
        try Self.checkIntegrity(db, path: path)
        try Self.probeWrite(db, path: path)
        try db.execute("PRAGMA temp_store=MEMORY; " + Self.holdsTable)
        return RelationalLedger(database: db, timeZone: timeZone, holdsReleasedAtOpen: 0, filePath: path)
    }

    /// The connection's own holds, in memory: the table the shared ledger keeps in its file
    /// (`PostgreSQLSchema`), with the same columns and key, so the same statements serve both.
    static let holdsTable = """
        CREATE TEMP TABLE holds (
            program TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('voucher', 'eticket')),
            number INTEGER NOT NULL,
            session INTEGER NOT NULL,
            terminal TEXT NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            held_at INTEGER NOT NULL,
            PRIMARY KEY (program, kind, number)
        ) STRICT, WITHOUT ROWID;
        """

    /// Refuses a file that fails SQLite's quick check. SQLite opens many damaged files and fails
    /// only when it reads a damaged page, perhaps in the middle of a payment; a kiosk must not take
    /// payments on such a file.
    static func checkIntegrity(_ db: SQLiteConnection, path: String) throws(LedgerError) {
        let verdict: String
        do throws(LedgerError) {
            verdict = try db.all("PRAGMA quick_check(3)") { $0.text(0) }.joined(separator: "; ")
        } catch {
            throw .damaged(path: path, check: error.message)
        }
        guard verdict == "ok" else { throw .damaged(path: path, check: verdict) }
    }

    /// Writes the schema version again in a durable transaction: a ledger kioskd cannot write
    /// (owner, mode, read-only mount) is found at start, not at the first login or payment.
    static func probeWrite(_ db: SQLiteConnection, path: String) throws(LedgerError) {
        do throws(LedgerError) {
            try db.transaction { () throws(LedgerError) in try db.execute("PRAGMA user_version=\(schemaVersion)") }
        } catch {
            throw .notWritable(path: path, reason: error.message)
        }
    }

    private static func migrate(_ db: SQLiteConnection) throws(LedgerError) {
        let version = Int(try db.first("PRAGMA user_version") { $0.int(0) } ?? 0)
        if version > schemaVersion { throw .schemaTooNew(found: version, supported: schemaVersion) }
        guard version < schemaVersion else { return }
        try db.transaction { () throws(LedgerError) in
            for index in version..<schemaVersion {
                try db.execute(SQLiteSchema.migrations[index])
            }
            try db.execute("PRAGMA user_version=\(schemaVersion)")
        }
    }
}
