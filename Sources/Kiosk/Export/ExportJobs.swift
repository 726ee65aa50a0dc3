public import Dispatch
import Foundation
import Synchronization

/// Makes settlement data exports in the background and keeps them for a while (002 8-2, 8-3).
///
/// A request is checked and answered at once with a receipt number; the file is written on a serial
/// Dispatch queue, one day of the period at a time (so the ledger is never held for long), and its
/// progress is visible. A finished file is fetched by its receipt until `keepSeconds` after it
/// finished, then deleted with its status; so is a failure's status. Time comes from `clock`, so
/// tests move it by hand. A finished export is recorded beside its file, so a restarted daemon
/// still hands it out until it expires; queued, running and failed jobs do not survive a restart.
public final class ExportJobs: Sendable {
    private struct Job {
        var status: ExportStatus
        let done: DispatchGroup
    }

    private let ledger: any LedgerReports
    private let directory: String
    private let keepSeconds: Int64
    private let clock: @Sendable () -> Timestamp
    private let queue: DispatchQueue
    private let jobs: Mutex<[ExportReceipt: Job]>

    /// A job manager writing into `directory`.
    ///
    /// - Parameters:
    ///   - ledger: Where the records come from.
    ///   - directory: Where files are written; created if absent. Finished exports a previous run left
    ///     there are taken up again until they expire; everything else it left (`export-*`) is deleted.
    ///   - keepSeconds: How long a finished or failed export is kept.
    ///   - clock: The current time.
    ///   - queue: The serial queue the files are written on.
    /// - Throws: ``LedgerError/exportFile(path:reason:)`` when the directory cannot be made or cleaned.
    public init(
        ledger: any LedgerReports,
        directory: String,
        keepSeconds: Int64,
        clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() },
        queue: DispatchQueue = DispatchQueue(label: "kioskd.export", qos: .utility)
    ) throws(LedgerError) {
        self.ledger = ledger
        self.directory = directory
        self.keepSeconds = keepSeconds
        self.clock = clock
        self.queue = queue
        let files = FileManager.default
        let now = clock()
        var kept: [ExportReceipt: Job] = [:]
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let names = try files.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("export-") }
            for name in names where name.hasSuffix(".json") {
                guard let stored = StoredExport.read(from: directory + "/" + name), stored.expiresAt > now,
                    name == "export-\(stored.receipt.rawValue).json",
                    files.fileExists(atPath: Self.path(directory, stored.receipt, "csv"))
                else { continue }
                kept[stored.receipt] = Job(status: stored.status, done: DispatchGroup())
            }
            let keptNames = Set(kept.keys.flatMap { ["export-\($0.rawValue).json", "export-\($0.rawValue).csv"] })
            for name in names where !keptNames.contains(name) {
                try files.removeItem(atPath: directory + "/" + name)
            }
        } catch {
            throw .exportFile(path: directory, reason: "\(error)")
        }
        jobs = Mutex(kept)
    }

    /// Checks a request, queues it and returns its receipt number at once.
    ///
    /// - Throws: ``LedgerError/reportRangeTooLong(report:maximum:requested:)``, ``LedgerError/invalidQuery(reason:)``,
    ///   ``LedgerError/invalidText(field:reason:)``, ``LedgerError/unknownSite(kind:code:)``.
    public func request(_ request: ExportRequest) throws(LedgerError) -> ExportReceipt {
        try request.validate()
        let now = clock()
        purgeExpired(now: now)
        _ = try ledger.settlementRecords(in: now..<now, store: request.store)  // an unknown store fails here
        var generator = SystemRandomNumberGenerator()
        let done = DispatchGroup()
        done.enter()
        let receipt = jobs.withLock { jobs -> ExportReceipt in
            var receipt = ExportReceipt.random(using: &generator)
            while jobs[receipt] != nil { receipt = ExportReceipt.random(using: &generator) }
            let status = ExportStatus(
                receipt: receipt,
                request: request,
                requestedAt: now,
                state: .queued,
                daysDone: 0,
                rows: 0,
                bytes: 0,
                finishedAt: nil,
                expiresAt: nil
            )
            jobs[receipt] = Job(status: status, done: done)
            return receipt
        }
        queue.async {
            self.run(receipt, request)
            done.leave()
        }
        return receipt
    }

    /// The status of an export.
    ///
    /// - Throws: ``LedgerError/unknownExport(_:)``, also once it expired.
    public func status(_ receipt: ExportReceipt) throws(LedgerError) -> ExportStatus {
        purgeExpired(now: clock())
        guard let status = jobs.withLock({ $0[receipt]?.status }) else { throw .unknownExport(receipt) }
        return status
    }

    /// Every export kept, newest request first.
    public func list() -> [ExportStatus] {
        purgeExpired(now: clock())
        return jobs.withLock { $0.values.map(\.status) }.sorted {
            ($0.requestedAt, $0.receipt.rawValue) > ($1.requestedAt, $1.receipt.rawValue)
        }
    }

    /// The finished file of an export.
    ///
    /// - Throws: ``LedgerError/unknownExport(_:)``, ``LedgerError/exportNotReady(_:percent:)``, or the
    ///   error the export failed with (such as ``LedgerError/unencodableCharacter(row:column:character:encoding:)``).
    public func fetch(_ receipt: ExportReceipt) throws(LedgerError) -> ExportFile {
        let status = try status(receipt)
        switch status.state {
        case .queued, .running: throw .exportNotReady(receipt, percent: status.percent)
        case .failed(let error): throw error
        case .finished:
            let days = status.request.days
            return ExportFile(
                status: status,
                path: path(receipt, "csv"),
                suggestedName: "settlement-\(days.first)-\(days.last)-\(receipt).csv"
            )
        }
    }

    /// Blocks until an export has finished or failed (for tests and command-line tools; the daemon
    /// polls ``status(_:)`` instead).
    public func wait(_ receipt: ExportReceipt) {
        guard let done = jobs.withLock({ $0[receipt]?.done }) else { return }
        done.wait()
    }

    /// Deletes exports whose keeping time is over, files and statuses; returns their receipts.
    @discardableResult
    public func purgeExpired(now: Timestamp) -> [ExportReceipt] {
        let expired = jobs.withLock { jobs -> [ExportReceipt] in
            let gone = jobs.values.filter { ($0.status.expiresAt ?? .init(rawValue: .max)) <= now }.map(
                \.status.receipt
            )
            for receipt in gone { jobs[receipt] = nil }
            return gone
        }
        for receipt in expired {
            // Already gone is fine; anything else is left for the next start to delete.
            try? FileManager.default.removeItem(atPath: path(receipt, "json"))
            try? FileManager.default.removeItem(atPath: path(receipt, "csv"))
        }
        return expired
    }

    private func path(_ receipt: ExportReceipt, _ suffix: String) -> String {
        Self.path(directory, receipt, suffix)
    }

    /// A job's file: "csv" (finished), "part" (being written) or "json" (the finished job's record).
    private static func path(_ directory: String, _ receipt: ExportReceipt, _ suffix: String) -> String {
        "\(directory)/export-\(receipt.rawValue).\(suffix)"
    }

    private func update(_ receipt: ExportReceipt, _ change: (inout ExportStatus) -> Void) {
        jobs.withLock { jobs in
            if var job = jobs[receipt] {
                change(&job.status)
                jobs[receipt] = job
            }
        }
    }

    /// Writes the file, on `queue`.
    private func run(_ receipt: ExportReceipt, _ request: ExportRequest) {
        dispatchPrecondition(condition: .onQueue(queue))
        update(receipt) { $0.state = .running }
        let partial = path(receipt, "part")
        do throws(LedgerError) {
            let bytes = try write(receipt, request, to: partial)
            do {
                try FileManager.default.moveItem(atPath: partial, toPath: path(receipt, "csv"))
            } catch {
                throw .exportFile(path: partial, reason: "\(error)")
            }
            let now = clock()
            // The record goes to disk before the job shows as finished, so a fetched file survives a restart.
            guard var status = jobs.withLock({ $0[receipt]?.status }) else { return }
            status.state = .finished
            status.bytes = bytes
            status.finishedAt = now
            status.expiresAt = now.adding(seconds: keepSeconds)
            if let stored = StoredExport(status) { try stored.write(to: path(receipt, "json")) }
            update(receipt) { $0 = status }
        } catch {
            // Cleanup of a failed job: a file that is not there is fine, the next start deletes the rest.
            try? FileManager.default.removeItem(atPath: partial)
            try? FileManager.default.removeItem(atPath: path(receipt, "csv"))
            let now = clock()
            update(receipt) {
                $0.state = .failed(error)
                $0.finishedAt = now
                $0.expiresAt = now.adding(seconds: keepSeconds)
            }
        }
    }

    /// Writes every day's records; returns the file's size.
    private func write(_ receipt: ExportReceipt, _ request: ExportRequest, to path: String) throws(LedgerError) -> Int {
        let writer = try SettlementCSVWriter(encoding: request.encoding, timeZone: ledger.timeZone)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw .exportFile(path: path, reason: "cannot create it") }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var written = 0
        func flush() throws(LedgerError) {
            do {
                try handle.write(contentsOf: buffer)
            } catch {
                throw .exportFile(path: path, reason: "\(error)")
            }
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
        try writer.writeHeader(to: &buffer)
        for (index, day) in request.days.days.enumerated() {
            let records = try ledger.settlementRecords(in: ledger.timeZone.instants(of: day), store: request.store)
            for record in records { try writer.write(record, to: &buffer) }
            if buffer.count >= 1 << 20 { try flush() }
            update(receipt) {
                $0.daysDone = index + 1
                $0.rows += records.count
            }
        }
        try flush()
        do {
            try handle.synchronize()
        } catch {
            throw .exportFile(path: path, reason: "\(error)")
        }
        return written
    }
}
