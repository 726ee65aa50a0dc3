import Foundation
import Kiosk

/// Everything kioskd reads from its config file, checked before anything starts.
struct DaemonConfig: Sendable {
    var terminal: SiteCode
    var timeZone: String
    var ledger: LedgerSettings
    var programKeysPath: String
    var sessionIdleTimeout: Duration
    var confirmation: ConfirmationPolicy
    var socketPath: String
    var socketMode: mode_t
    var socketGroup: UInt32?
    var access: AccessPolicy
    var limits: ControlLimits
    var logLevel: LogPriority
    var notifyCommand: String?
    /// How long one notification command may run before its process group is ended.
    var notifyTimeout: Duration
    var camera: CameraSettings
    var accounts: AccountSettings
    var exportDirectory: String
    var exportKeep: Duration
    /// The customer display (off unless `[display] listen` is set).
    var display = DisplaySettings()

    static let defaultPath = "/etc/kioskd/kioskd.conf"

    /// Reads and checks a config file; the error names the file and the line.
    static func load(path: String) throws(ConfigError) -> DaemonConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(path: path, line: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(ConfigFile(path: path, text: text))
    }

    static func parse(_ file: ConfigFile) throws(ConfigError) -> DaemonConfig {
        var reader = ConfigReader(file)
        let terminalText = reader.string("kiosk.terminal", default: "T-0001")
        guard let terminal = SiteCode(terminalText) else {
            throw ConfigError(path: file.path, line: file.entries.first { $0.key == "kiosk.terminal" }?.line,
                message: "kiosk.terminal: '\(terminalText)' is not a terminal code")
        }
        let timeZone = reader.string("kiosk.time_zone", default: "Asia/Tokyo")
        if TimeZone(identifier: timeZone) == nil {
            throw ConfigError(path: file.path, line: file.entries.first { $0.key == "kiosk.time_zone" }?.line,
                message: "kiosk.time_zone: '\(timeZone)' is not a time zone name such as Asia/Tokyo")
        }
        var config = DaemonConfig(
            terminal: terminal,
            timeZone: timeZone,
            ledger: try LedgerSettings.read(&reader),
            programKeysPath: reader.string("ledger.program_keys", default: "/etc/kioskd/program-keys"),
            sessionIdleTimeout: try reader.duration("sessions.idle_timeout", default: .seconds(120), in: .seconds(10)...(.seconds(3600))),
            confirmation: try ConfirmationSettings.read(&reader),
            socketPath: reader.string("socket.path", default: "/run/kioskd/control.sock"),
            socketMode: try reader.fileMode("socket.mode", default: 0o660),
            socketGroup: try reader.groups("socket.group").first,
            access: AccessPolicy(uids: try reader.users("access.users"), gids: try reader.groups("access.groups")),
            limits: ControlLimits(
                maximumLineBytes: try reader.integer("limits.max_line_bytes", default: 65_536, in: 1024...(1 << 24)),
                maximumClients: try reader.integer("limits.max_clients", default: 32, in: 1...1024),
                idleTimeout: try reader.duration("limits.idle_timeout", default: .seconds(600), in: .seconds(1)...(.seconds(86_400))),
                maximumClientsPerUID: try reader.integer("limits.max_clients_per_uid", default: 8, in: 1...1024),
                loginIdleTimeout: try reader.duration(
                    "limits.login_idle_timeout", default: .seconds(10), in: .seconds(1)...(.seconds(3600)))
            ),
            logLevel: try logLevel(&reader, file: file),
            notifyCommand: try notifyCommand(&reader),
            notifyTimeout: try reader.duration("notify.timeout", default: .seconds(30), in: .seconds(1)...(.seconds(600))),
            camera: try CameraSettings.read(&reader),
            accounts: try AccountSettings.read(&reader),
            exportDirectory: reader.string("export.directory", default: "/var/lib/kioskd/exports"),
            exportKeep: try reader.duration("export.keep", default: .seconds(86_400), in: .seconds(60)...(.seconds(30 * 86_400)))
        )
        config.display = try DisplaySettings.read(&reader)
        try reader.rejectUnknownKeys()
        return config
    }

    /// `[notify] command`: an absolute path to an executable file, then its arguments (split at
    /// spaces; no shell), checked now rather than at the first payment's notification.
    private static func notifyCommand(_ reader: inout ConfigReader) throws(ConfigError) -> String? {
        guard let command = reader.optionalString("notify.command") else { return nil }
        let program = command.split(separator: " ").first.map(String.init) ?? ""
        guard program.hasPrefix("/") else {
            throw reader.invalid("notify.command", "'\(program)' is not an absolute path (kioskd runs it without a shell or a search path)")
        }
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw reader.invalid("notify.command", "'\(program)' is not an executable file")
        }
        return command
    }

    private static func logLevel(_ reader: inout ConfigReader, file: ConfigFile) throws(ConfigError) -> LogPriority {
        let text = reader.string("log.level", default: "info")
        switch text {
        case "error": return .error
        case "warning": return .warning
        case "notice": return .notice
        case "info": return .info
        case "debug": return .debug
        default:
            throw ConfigError(path: file.path, line: file.entries.first { $0.key == "log.level" }?.line,
                message: "log.level: expected error, warning, notice, info or debug, found '\(text)'")
        }
    }
}
