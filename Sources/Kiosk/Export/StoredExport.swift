import Foundation

/// What ``ExportJobs`` writes beside a finished file (`export-N.json`), so a restarted daemon still
/// hands the file out by its receipt until it expires.
struct StoredExport: Codable {
    var receipt: ExportReceipt
    var request: ExportRequest
    var requestedAt: Timestamp
    var rows: Int
    var bytes: Int
    var finishedAt: Timestamp
    var expiresAt: Timestamp

    init?(_ status: ExportStatus) {
        guard status.state == .finished, let finishedAt = status.finishedAt, let expiresAt = status.expiresAt else {
            return nil
        }
        receipt = status.receipt
        request = status.request
        requestedAt = status.requestedAt
        rows = status.rows
        bytes = status.bytes
        self.finishedAt = finishedAt
        self.expiresAt = expiresAt
    }

    /// The status of the finished export.
    var status: ExportStatus {
        ExportStatus(
            receipt: receipt,
            request: request,
            requestedAt: requestedAt,
            state: .finished,
            daysDone: request.days.dayCount,
            rows: rows,
            bytes: bytes,
            finishedAt: finishedAt,
            expiresAt: expiresAt
        )
    }

    /// Writes the record (atomically: a crash leaves the old file or the new one).
    func write(to path: String) throws(LedgerError) {
        do {
            try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .exportFile(path: path, reason: "\(error)")
        }
    }

    /// Reads a record, or `nil` when the file is not one.
    static func read(from path: String) -> StoredExport? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(StoredExport.self, from: data)
    }
}
