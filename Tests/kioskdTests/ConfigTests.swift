import Foundation
import CaptureV4L2
import Kiosk
import Testing

@testable import kioskd

@Suite struct ConfigTests {
    func parse(_ text: String) throws(ConfigError) -> DaemonConfig {
        try DaemonConfig.parse(ConfigFile(path: "test.conf", text: text))
    }

    @Test func defaultsApplyToAnEmptyFile() throws {
        let config = try parse("# nothing set\n")
        #expect(config.terminal.description == "T-0001")
        #expect(config.socketPath == "/run/kioskd/control.sock")
        #expect(config.socketMode == 0o660)
        #expect(config.limits == ControlLimits())
        #expect(config.sessionIdleTimeout == .seconds(120))
    }

    @Test func readsSectionsQuotesAndUnits() throws {
        let config = try parse(
            """
            [kiosk]
            terminal = T-0042   # the counter by the door
            [ledger]
            path = "/var/lib/kiosk #2/ledger.sqlite"
            [sessions]
            idle_timeout = 5min
            [limits]
            max_clients = 4
            idle_timeout = 90s
            [access]
            users = 0 1000
            """)
        #expect(config.terminal.description == "T-0042")
        #expect(config.ledger == .sqlite(path: "/var/lib/kiosk #2/ledger.sqlite"))
        #expect(config.sessionIdleTimeout == .seconds(300))
        #expect(config.limits.maximumClients == 4)
        #expect(config.limits.idleTimeout == .seconds(90))
        #expect(config.access.uids == [0, 1000])
    }

    @Test(arguments: [
        ("[kiosk]\nterminl = T-1\n", 2, "unknown setting 'kiosk.terminl'"),
        ("[limits]\nmax_clients = many\n", 2, "limits.max_clients: expected a whole number from 1 to 1024, found 'many'"),
        ("\n[sessions]\nidle_timeout = 5 parsecs\n", 3, "sessions.idle_timeout: the unit must be ms, s, min or h, found 'parsecs' in '5 parsecs'"),
        ("[kiosk]\nterminal = A\nterminal = B\n", 3, "kiosk.terminal is already set on line 2"),
        ("just words\n", 1, "expected 'key = value', found 'just words'"),
        ("[kiosk\n", 1, "a section header looks like [name]"),
        ("[socket]\nmode = 0999\n", 2, "socket.mode: expected an octal mode such as 0660, found '0999'"),
        ("[access]\ngroups = no-such-group-here\n", 2, "access.groups: there is no group named 'no-such-group-here' on this system"),
        ("[kiosk]\ntime_zone = Mars/Olympus\n", 2, "kiosk.time_zone: 'Mars/Olympus' is not a time zone name such as Asia/Tokyo"),
        ("[camera]\nformat = YUYVX\n", 2, "camera.format: expected a four-character pixel format such as GREY, YUYV, NV12 or MJPG, found 'YUYVX'"),
        ("[camera]\nglare_response = yes\n", 2, "camera.glare_response: expected on or off, found 'yes'"),
        ("[camera]\nglare_response = on\n", 2, "camera.glare_response: on needs camera.exposure, the manual exposure it lowers and restores"),
        ("[camera]\nexposure = 100\nglare_exposure_min = 200\n", 3, "camera.glare_exposure_min: expected a whole number from 1 to 100, found '200'"),
        ("[camera]\nglare_exposure_min = 20\n", 2, "camera.glare_exposure_min: is only used with camera.glare_response = on"),
        ("[accounts]\npassword_policy = 001\n", 2, "accounts.password_policy: expected 002 (merchant site rules) or 000 (shop app rules), found '001'"),
        ("\n\n[accounts]\nlockout_failures = 0\n", 4, "accounts.lockout_failures: expected a whole number from 1 to 100, found '0'"),
        ("[ledger]\nbackend = mysql\n", 2, "ledger.backend: expected sqlite or postgresql, found 'mysql'"),
        ("[notify]\ncommand = mail -s paid office\n", 2, "notify.command: 'mail' is not an absolute path (kioskd runs it without a shell or a search path)"),
        ("[notify]\ncommand = /no/such/notifier --json\n", 2, "notify.command: '/no/such/notifier' is not an executable file"),
        ("[sessions]\nconfirm = sometimes\n", 2, "sessions.confirm: expected operator (a POS or an operator confirms) or automatic (the kiosk confirms), found 'sometimes'"),
        ("[sessions]\nautomatic_programs = KMT ok\n", 2, "sessions.automatic_programs: 'ok' is not a program code (1-12 of A-Z and 0-9)"),
        ("[ledger]\nconninfo = host=/run/postgresql\n", 2, "ledger.conninfo: is for backend = postgresql; this ledger is sqlite"),
        ("[ledger]\nbackend = postgresql\npath = /x\nconninfo = dbname=k\n", 3, "ledger.path: is for backend = sqlite; this ledger is postgresql"),
        ("[ledger]\nbackend = postgresql\nconninfo = dbname=k\nschema = 9lives\n", 4, "ledger.schema: '9lives' is not a schema name (a-z, 0-9 and _, not starting with a digit)"),
    ])
    func mistakesNameTheLine(text: String, line: Int, message: String) {
        #expect(throws: ConfigError(path: "test.conf", line: line, message: message)) { try parse(text) }
    }

    @Test func aManualExposureTurnsTheGlareResponseOn() throws {
        #expect(try parse("").camera.glare == nil)
        #expect(try parse("[camera]\nexposure = 200\n").camera.glare == GlareResponse.Limits(configured: 200, floor: 50))
        #expect(try parse("[camera]\nexposure = 200\nglare_exposure_min = 80\n").camera.glare?.floor == 80)
        #expect(try parse("[camera]\nexposure = 200\nglare_response = off\n").camera.glare == nil)
    }

    @Test func aSharedLedgerIsAConninfoAndASchema() throws {
        let config = try parse(
            """
            [ledger]
            backend = postgresql
            conninfo = host=/run/postgresql dbname=city password=secret
            schema = kaga_city
            """)
        #expect(config.ledger == .postgresql(conninfo: "host=/run/postgresql dbname=city password=secret", schema: "kaga_city"))
        #expect(config.ledger.description == "PostgreSQL (host=/run/postgresql dbname=city), schema kaga_city")
        #expect(LedgerSettings.withoutPassword("postgresql://kiosk:secret@db.example/city") == "postgresql://kiosk@db.example/city")
        #expect(throws: ConfigError(path: "test.conf", line: nil, message: "ledger.conninfo is missing: backend = postgresql needs the server's conninfo")) {
            try parse("[ledger]\nbackend = postgresql\n")
        }
    }

    @Test func aSharedLedgerThroughATransactionPoolSaysSo() throws {
        let pooled = try parse("[ledger]\nbackend = postgresql\nconninfo = host=/run/pgbouncer port=6432 dbname=city\npooled = yes\n")
        #expect(pooled.ledger == .postgresql(conninfo: "host=/run/pgbouncer port=6432 dbname=city", schema: nil, pooled: true))
        #expect(pooled.ledger.description.hasSuffix(", through a transaction pool"))
        #expect(try parse("[ledger]\nbackend = postgresql\nconninfo = dbname=city\npooled = no\n").ledger == .postgresql(conninfo: "dbname=city", schema: nil))
        #expect(throws: ConfigError.self) { try parse("[ledger]\nbackend = postgresql\nconninfo = dbname=city\npooled = maybe\n") }
        #expect(throws: ConfigError.self) { try parse("[ledger]\npooled = yes\n") }
    }

    /// config/kioskd.conf says "the value shown is the default": it must parse, and match an empty file.
    @Test func theShippedConfigShowsTheDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/kioskd.conf").path
        let shipped = try DaemonConfig.load(path: path)
        let defaults = try parse("")
        #expect(shipped.camera == defaults.camera)
        #expect(shipped.accounts == defaults.accounts)
        #expect(shipped.limits == defaults.limits)
        #expect(shipped.ledger == defaults.ledger && shipped.socketPath == defaults.socketPath)
        #expect(shipped.exportDirectory == defaults.exportDirectory && shipped.exportKeep == defaults.exportKeep)
        #expect(shipped.sessionIdleTimeout == defaults.sessionIdleTimeout && shipped.timeZone == defaults.timeZone)
    }

    @Test func programKeysFileNamesItsMistakes() throws {
        let good = "KMTPREMIUM 1 " + String(repeating: "ab", count: 16) + "  # paper\n\n"
        #expect(try ProgramKeysFile.parse(path: "keys", text: good).count == 1)
        #expect(throws: ConfigError(path: "keys", line: 1, message: "the secret must be hexadecimal digits")) {
            try ProgramKeysFile.parse(path: "keys", text: "KMTPREMIUM 1 zz\n")
        }
        #expect(
            throws: ConfigError(
                path: "keys", line: 2,
                message: "the program number must be 1 to 999 and the secret at least 16 bytes (32 hex digits)")
        ) {
            try ProgramKeysFile.parse(path: "keys", text: "# short\nKMTPREMIUM 1 abcd\n")
        }
        #expect(throws: ConfigError(path: "keys", line: 3, message: "program KMTPREMIUM or number 1 is listed twice")) {
            try ProgramKeysFile.parse(path: "keys", text: good + "KMTPREMIUM 1 " + String(repeating: "cd", count: 16))
        }
    }
}

@Suite struct DaemonPartsTests {
    @Test func logLinesCarryThePriorityAndStayOneLine() {
        #expect(Logger.format(.error, "ledger gone") == "<3>ledger gone")
        #expect(Logger.format(.info, "two\nlines") == "<6>two\\nlines")
    }

    @Test func socketActivationIsForOurPidOnly() {
        #expect(SocketActivation.passedDescriptors(environment: ["LISTEN_PID": "42", "LISTEN_FDS": "2"], pid: 42) == [3, 4])
        #expect(SocketActivation.passedDescriptors(environment: ["LISTEN_PID": "41", "LISTEN_FDS": "2"], pid: 42) == [])
        #expect(SocketActivation.passedDescriptors(environment: [:], pid: 42) == [])
    }

    @Test func watchdogPingsAtHalfTheInterval() {
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "20000000"], pid: 7) == .seconds(10))
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "8"], pid: 7) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: [:], pid: 7) == nil)
    }

    @Test func accessAllowsRootListedUsersAndGroups() {
        let policy = AccessPolicy(uids: [1000], gids: [50])
        let noGroups: (UInt32) -> [UInt32] = { _ in [] }
        #expect(policy.allows(PeerCredentials(pid: 1, uid: 0, gid: 0), supplementaryGroups: noGroups))
        #expect(policy.allows(PeerCredentials(pid: 1, uid: 1000, gid: 1000), supplementaryGroups: noGroups))
        #expect(policy.allows(PeerCredentials(pid: 1, uid: 2000, gid: 50), supplementaryGroups: noGroups))
        #expect(policy.allows(PeerCredentials(pid: 1, uid: 2000, gid: 2000), supplementaryGroups: { _ in [50] }))
        #expect(!policy.allows(PeerCredentials(pid: 1, uid: 2000, gid: 2000), supplementaryGroups: noGroups))
    }
}
