/// The daemon's state as the `status` operation reports it.
public struct StatusView: Hashable, Sendable, Codable {
    /// The protocol version the daemon speaks.
    public var protocolVersion: Int
    /// Seconds since the daemon started.
    public var uptimeSeconds: Int64
    /// The terminal this kiosk is.
    public var terminal: String
    /// Sessions collecting or complete.
    public var openSessions: Int
    /// Codes held by this kiosk's open sessions.
    public var heldCodes: Int
    /// Which database holds the ledger: `sqlite` (this kiosk's file) or `postgresql` (shared).
    public var ledgerBackend: String
    /// The ledger's size in bytes: the SQLite file with its write-ahead log, or the shared
    /// ledger's tables and indexes.
    public var ledgerBytes: Int64?
    /// Notifications waiting to be delivered (absent when the ledger could not say: see `problems`).
    public var outboxBacklog: Int?
    /// Notifications that failed at least once and are waiting for a retry.
    public var outboxFailing: Int?
    /// The camera and scanner.
    public var camera: CameraView?
    /// Whether this kiosk's terminal is registered in the ledger (no session opens until it is).
    public var terminalRegistered: Bool
    /// The ledger's programs whose secret this kiosk has not loaded: their codes are refused.
    public var programsWithoutSecret: [String]
    /// What the report could not read or what stops payments, in words (empty when all is well).
    public var problems: [String]
    /// The kiosk's time zone (IANA name): days, closings and times shown to people are in it.
    public var timeZone: String

    /// Creates a status report.
    public init(
        protocolVersion: Int,
        uptimeSeconds: Int64,
        terminal: String,
        openSessions: Int,
        heldCodes: Int,
        ledgerBackend: String,
        ledgerBytes: Int64?,
        outboxBacklog: Int?,
        outboxFailing: Int?,
        camera: CameraView? = nil,
        terminalRegistered: Bool = true,
        programsWithoutSecret: [String] = [],
        problems: [String] = [],
        timeZone: String = "Asia/Tokyo"
    ) {
        self.protocolVersion = protocolVersion
        self.uptimeSeconds = uptimeSeconds
        self.terminal = terminal
        self.openSessions = openSessions
        self.heldCodes = heldCodes
        self.ledgerBackend = ledgerBackend
        self.ledgerBytes = ledgerBytes
        self.outboxBacklog = outboxBacklog
        self.outboxFailing = outboxFailing
        self.camera = camera
        self.terminalRegistered = terminalRegistered
        self.programsWithoutSecret = programsWithoutSecret
        self.problems = problems
        self.timeZone = timeZone
    }

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol_version"
        case uptimeSeconds = "uptime_seconds"
        case terminal
        case openSessions = "open_sessions"
        case heldCodes = "held_codes"
        case ledgerBackend = "ledger_backend"
        case ledgerBytes = "ledger_bytes"
        case outboxBacklog = "outbox_backlog"
        case outboxFailing = "outbox_failing"
        case camera
        case terminalRegistered = "terminal_registered"
        case programsWithoutSecret = "programs_without_secret"
        case problems
        case timeZone = "time_zone"
    }
}
