internal import CSQLite
import Foundation

/// The embedded ledger: one SQLite file in WAL mode with `synchronous=FULL`, for one kiosk.
///
/// A payment or refund is reported only after its transaction is on disk. Opening the file runs
/// pending migrations and refuses a schema newer than this code.
///
/// Holds are not in the file: a hold belongs to one of this kiosk's open sessions, which never
/// survive its process, so each connection keeps its holds in a table of its own in memory
/// (``holdsTable``). A restart starts with none, as a kiosk must, and a redemption writes to the
/// log only when it is confirmed. A tool that opens the file beside a running kioskd sees no holds.
public final class SQLiteLedger: RelationalLedger, @unchecked Sendable {
    /// The newest schema version this code reads and writes.
    public static let schemaVersion = SQLiteSchema.migrations.count

    /// The ledger file's path.
    public let path: String

    /// Opens (or creates) the ledger file.
    ///
    /// - Parameters:
    ///   - path: The SQLite file; created with the schema when absent.
    ///   - timeZone: The zone for days and closings (default Asia/Tokyo).
    ///   - busyTimeoutMilliseconds: How long to wait for another process's lock before failing.
    /// - Throws: ``LedgerError/schemaTooNew(found:supported:)``, ``LedgerError/storage(operation:code:message:)``.
    public init(
        path: String,
        timeZone: LedgerTimeZone = .tokyo,
        busyTimeoutMilliseconds: Int32 = 5000
    ) throws(LedgerError) {
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
        self.path = path
        super.init(database: db, timeZone: timeZone, holdsReleasedAtOpen: 0)
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

    /// Runs `body` with the SQLite connection itself, under the lock (SQLite-only statements).
    func withSQLite<T: Sendable>(_ body: (SQLiteConnection) throws(LedgerError) -> T) throws(LedgerError) -> T {
        try read { db throws(LedgerError) -> T in
            guard let sqlite = db as? SQLiteConnection else { preconditionFailure("a SQLite ledger's connection") }
            return try body(sqlite)
        }
    }

    /// Runs a checkpoint that copies the WAL into the main file and truncates it.
    public func checkpoint() throws(LedgerError) {
        try withSQLite { db throws(LedgerError) in try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}
