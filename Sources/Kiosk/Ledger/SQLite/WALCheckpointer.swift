internal import CSQLite
import Dispatch
import Synchronization

/// Copies the write-ahead log into the database file on a background thread, so that no
/// confirmation waits for a checkpoint.
///
/// SQLite's own checkpoint runs inside the commit that takes the log past 1,000 frames: every
/// fiftieth confirmation or so paid for copying the others' pages and syncing the main file,
/// and those were the confirmations' p99. Here the commit only notes the log's size; a second
/// connection checkpoints passively (it never blocks the writer, and copies only what every
/// reader is done with). A log that still reaches ``backstopFrames`` (the background thread
/// starved) is checkpointed inside the commit, as SQLite would have.
///
/// A checkpoint is crash-safe wherever it stops: the log stays the truth until SQLite restarts it.
final class WALCheckpointer: @unchecked Sendable {
    /// The log's size, in frames, at which a background checkpoint starts (SQLite's default).
    static let thresholdFrames: Int32 = 1000
    /// The log's size at which the committing thread checkpoints itself.
    static let backstopFrames: Int32 = 10_000

    // Used only on `queue`.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "kiosk.ledger.checkpoint", qos: .utility)
    private let running = Atomic<Bool>(false)

    /// A checkpointer with its own connection to the ledger file at `path`.
    init(path: String) throws(LedgerError) {
        connection = try SQLiteConnection(path: path)
        // A connection learns that the file is in WAL mode when it first reads it; until then a
        // checkpoint does nothing.
        try connection.execute("PRAGMA journal_mode=WAL")
    }

    /// Called after every commit of the kiosk's connection `db`, with the log's size in frames.
    func committed(logFrames: Int32, on db: OpaquePointer) {
        if logFrames >= Self.backstopFrames {
            sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            return
        }
        guard logFrames >= Self.thresholdFrames,
            running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        queue.async { [self] in
            // A failed or partial checkpoint leaves the log as it was; the next commit tries again.
            connection.checkpointPassive()
            running.store(false, ordering: .releasing)
        }
    }

    /// Waits for a checkpoint in progress, so a test or benchmark starts from a still file.
    func waitUntilIdle() {
        queue.sync {}
    }
}
