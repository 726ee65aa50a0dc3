/// Where an export job is: waiting, being written, finished (until it expires) or failed.
public enum ExportState: Hashable, Sendable {
    /// Waiting behind another export.
    case queued
    /// Being written.
    case running
    /// Written; fetch it until ``ExportStatus/expiresAt``.
    case finished
    /// Stopped by this error (such as a character Shift_JIS cannot hold); nothing to fetch.
    case failed(LedgerError)
}

/// An export job as the operator sees it (002 8-3's download list).
public struct ExportStatus: Hashable, Sendable {
    /// The receipt number.
    public var receipt: ExportReceipt
    /// What was asked.
    public var request: ExportRequest
    /// When it was asked.
    public var requestedAt: Timestamp
    /// The state.
    public var state: ExportState
    /// Days of the period written so far.
    public var daysDone: Int
    /// Rows written so far, the header not counted.
    public var rows: Int
    /// Bytes of the file (when finished).
    public var bytes: Int
    /// When it finished or failed.
    public var finishedAt: Timestamp?
    /// When the file and this status are deleted.
    public var expiresAt: Timestamp?

    /// A status from its parts.
    public init(
        receipt: ExportReceipt,
        request: ExportRequest,
        requestedAt: Timestamp,
        state: ExportState,
        daysDone: Int,
        rows: Int,
        bytes: Int,
        finishedAt: Timestamp?,
        expiresAt: Timestamp?
    ) {
        self.receipt = receipt
        self.request = request
        self.requestedAt = requestedAt
        self.state = state
        self.daysDone = daysDone
        self.rows = rows
        self.bytes = bytes
        self.finishedAt = finishedAt
        self.expiresAt = expiresAt
    }

    /// Progress from 0 to 100: the share of the period's days written (100 once finished).
    public var percent: Int {
        if state == .finished { return 100 }
        return daysDone * 100 / max(1, request.days.dayCount)
    }
}

/// A finished export to hand to the operator.
public struct ExportFile: Hashable, Sendable {
    /// The job's status.
    public var status: ExportStatus
    /// The file's path; it is deleted at ``ExportStatus/expiresAt``.
    public var path: String
    /// A name to save it under, such as "settlement-2026-07-01-2026-07-31-4821-0937-1650.csv".
    public var suggestedName: String

    /// A file from its parts.
    public init(status: ExportStatus, path: String, suggestedName: String) {
        self.status = status
        self.path = path
        self.suggestedName = suggestedName
    }
}
