import CaptureV4L2
import Foundation
import Kiosk
import Synchronization

/// The running daemon: ledger, desk, control socket, timers and signals, wired together.
final class Daemon: Sendable {
    static let protocolVersion = 1

    let config: DaemonConfig
    let configPath: String
    let logger: Logger
    let ledger: RelationalLedger
    let desk: RedemptionDesk
    let accounts: AccountDesk
    let exports: ExportJobs
    let deskQueue = DispatchQueue(label: "kioskd.desk")
    let events = EventBus()
    let server: ControlServer
    let notifier = SystemdNotifier()
    let started = ContinuousClock.now
    let notifications: NotificationService?
    let camera: CameraService
    /// What the counter sees (scans, sessions, the display's buttons), told to subscribers and the display.
    let counter: CounterFeed
    let dispatcher: ControlDispatcher
    /// The customer display's HTTP server, when `[display] listen` is set.
    let display: DisplayServer?

    init(config: DaemonConfig, path: String = DaemonConfig.defaultPath) throws {
        self.config = config
        configPath = path
        let logger = Logger(threshold: config.logLevel)
        self.logger = logger
        let keys = try ProgramKeysFile.load(path: config.programKeysPath)
        guard let zone = LedgerTimeZone(identifier: config.timeZone) else {
            throw ConfigError(path: "config", line: nil, message: "unknown time zone \(config.timeZone)")
        }
        let ledger = try config.ledger.open(timeZone: zone, terminal: config.terminal)
        self.ledger = ledger
        if ledger.holdsReleasedAtOpen > 0 {
            logger.notice("released \(ledger.holdsReleasedAtOpen) codes held by sessions open when kioskd last stopped")
        }
        desk = RedemptionDesk(
            ledger: ledger,
            codec: VoucherCodec(keys: keys),
            idleSeconds: config.sessionIdleTimeout.components.seconds,
            confirmation: config.confirmation
        )
        accounts = try AccountDesk(
            store: ledger,
            policy: config.accounts.policy,
            lockoutRule: config.accounts.lockout,
            idleSeconds: config.accounts.idleTimeout.components.seconds
        )
        exports = try ExportJobs(ledger: ledger, directory: config.exportDirectory, keepSeconds: config.exportKeep.components.seconds)
        if let command = config.notifyCommand {
            let words = command.split(separator: " ").map(String.init)
            guard words.first?.hasPrefix("/") == true else {
                throw ConfigError(path: "config", line: nil, message: "notify.command must start with an absolute path")
            }
            let seconds = Double(config.notifyTimeout.components.seconds)
            notifications = NotificationService(
                drainer: OutboxDrainer(ledger: ledger, command: words, timeoutSeconds: seconds),
                logger: logger
            )
        } else {
            notifications = nil
        }

        let passed = SocketActivation.passedDescriptors(environment: ProcessInfo.processInfo.environment)
        SocketActivation.clearEnvironment()
        let listener: Int32
        if let first = passed.first {
            listener = first
            logger.info("control socket passed by systemd (fd \(first))")
        } else {
            listener = try ListeningSocket.bind(path: config.socketPath, mode: config.socketMode, group: config.socketGroup)
            logger.info("control socket bound at \(config.socketPath)")
        }
        let deskQueue = self.deskQueue
        let events = self.events
        let cameraSource = config.camera.description
        let displayFeed = config.display.listen.map { _ in
            DisplayFeed(timing: config.display.timing, customerActions: config.display.customerActions)
        }
        var onPreview: (@Sendable (PreviewFrame) -> Void)?
        if let displayFeed { onPreview = { frame in displayFeed.preview(frame) } }
        let counter = CounterFeed(
            desk: desk, terminal: config.terminal, deskQueue: deskQueue, events: events, logger: logger,
            display: displayFeed, timeZone: zone)
        self.counter = counter
        camera = try CameraService(
            settings: config.camera,
            logger: logger,
            onState: { state in events.publish(.camera(CameraStateView(source: cameraSource, state: state))) },
            onPreview: onPreview
        ) { event in
            deskQueue.async { counter.scanned(event) }
        }
        let dispatcher = ControlDispatcher(
            desk: desk,
            accounts: accounts,
            camera: camera,
            exports: exports,
            terminal: config.terminal,
            deskQueue: deskQueue,
            events: events,
            logger: logger,
            status: StatusReporter(
                ledger: ledger, desk: desk, terminal: config.terminal, started: started,
                camera: camera),
            counter: counter
        )
        self.dispatcher = dispatcher
        if let displayFeed {
            // A button press waits for the desk on its connection's own thread, like a control request.
            let display = DisplayServer(settings: config.display, feed: displayFeed, logger: logger) { action, visit in
                deskQueue.sync { counter.customerAction(action, visit: visit) }
            }
            try display.start()
            self.display = display
        } else {
            display = nil
        }
        server = ControlServer(listener: listener, limits: config.limits, access: config.access, handler: dispatcher, logger: logger)
        events.deliver(to: server)
    }

    /// Runs until SIGTERM or SIGINT; never returns.
    func run() -> Never {
        server.start()
        camera.start()
        startTimers()
        let signals = installSignalHandlers()
        let blocked = terminalProblem()
        notify(["READY=1", "STATUS=\(blocked ?? "\(config.camera.description), 0 open sessions")"])
        logger.notice("kioskd ready: terminal \(config.terminal), ledger \(config.ledger.description)")
        if let blocked { logger.warning(blocked) }
        do throws(LedgerError) {
            for program in try missingSecrets() { logger.warning("program \(program) has no secret on this kiosk: its codes are refused") }
        } catch {
            logger.error("cannot list the programs: \(error)")
        }
        withExtendedLifetime(signals) { dispatchMain() }
    }

    private func notify(_ fields: [String]) {
        do { try notifier.send(fields) } catch { logger.warning("could not notify systemd: \(error)") }
    }

    /// Every 5 s on the desk queue: expires idle sessions and old exports, starts a notification
    /// drain (which runs on its own queue) and tells systemd the status.
    func housekeep() {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        do throws(LedgerError) {
            let expired = try desk.expireIdle(now: .now())
            for id in expired { logger.info("session \(id) expired after \(config.sessionIdleTimeout) idle") }
            counter.sessionsExpired(expired)
            for receipt in exports.purgeExpired(now: .now()) { logger.info("export \(receipt) expired and was deleted") }
        } catch {
            logger.error("housekeeping: \(error.code): \(error.message)")
        }
        notifications?.drainSoon()  // on its own queue: a hanging command never holds the desk
        notify(["STATUS=\(terminalProblem() ?? "\(camera.view.source) \(camera.view.state), \(desk.openSessions().count) open sessions")"])
    }

    /// Writes an anchor of the terminals' audit chains that moved, into the city's chain.
    func anchorAuditChains() {
        dispatchPrecondition(condition: .onQueue(deskQueue))
        do throws(LedgerError) {
            if let anchor = try desk.ledger.anchorAuditChains(now: .now()) {
                logger.info("audit chains anchored: \(anchor.heads.count) terminal chain(s) moved")
            }
        } catch {
            logger.warning("audit anchor not written: \(error.code): \(error.message)")
        }
    }

    /// Why this kiosk's own terminal cannot take a session (not registered, disabled), with the
    /// command that fixes it; `nil` when it can.
    func terminalProblem() -> String? {
        do throws(LedgerError) {
            try desk.ledger.checkOpenForSessions(config.terminal)
            return nil
        } catch .unknownSite(kind: "terminal", _) {
            return StatusReporter.unregistered(config.terminal)
        } catch .siteDisabled(let kind, let code, _) {
            return "the \(kind) \(code) of this kiosk's terminal \(config.terminal) is disabled, so no session can open; "
                + "enable it: kioskctl \(kind) enable \(code)"
        } catch {
            return "terminal \(config.terminal): \(error.message)"
        }
    }

    private func startTimers() {
        let housekeeping = DispatchSource.makeTimerSource(queue: deskQueue)
        housekeeping.schedule(deadline: .now() + 5, repeating: 5)
        housekeeping.setEventHandler { [self] in housekeep() }
        housekeeping.resume()
        timers.append(housekeeping)
        if case .postgresql = config.ledger {
            // A shared ledger's terminal chains are bound into the city's by an anchor a minute
            // (any kiosk writes it; the others then find nothing moved). The offset spreads a
            // city's kiosks over the minute.
            let anchoring = DispatchSource.makeTimerSource(queue: deskQueue)
            anchoring.schedule(deadline: .now() + .milliseconds(Int.random(in: 5_000...65_000)), repeating: 60)
            anchoring.setEventHandler { [self] in anchorAuditChains() }
            anchoring.resume()
            timers.append(anchoring)
        }
        if let interval = SystemdNotifier.watchdogInterval(environment: ProcessInfo.processInfo.environment) {
            let watchdog = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
            let nanoseconds = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
            watchdog.schedule(deadline: .now(), repeating: .nanoseconds(nanoseconds))
            watchdog.setEventHandler { [self] in
                // Only a desk queue that still answers (the ledger is alive) earns a ping.
                deskQueue.async { self.notify(["WATCHDOG=1"]) }
            }
            watchdog.resume()
            timers.append(watchdog)
        }
    }

    private let timerBox = TimerBox()
    private var timers: [any DispatchSourceTimer] {
        get { timerBox.timers }
        set { timerBox.timers = newValue }
    }

    private func installSignalHandlers() -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: deskQueue)
            source.setEventHandler { [self] in number == SIGHUP ? reload() : stop(signal: number) }
            source.resume()
            sources.append(source)
        }
        return sources
    }

    /// The ledger's programs whose secret this kiosk has not loaded (their codes are refused).
    func missingSecrets() throws(LedgerError) -> [ProgramCode] {
        let loaded = Set(desk.codec.programs)
        return try desk.ledger.programs().map(\.code).filter { !loaded.contains($0) }
    }

    /// SIGHUP: reads the config file again and applies what can change live (who may connect,
    /// the client limits, the program secrets); a broken file changes nothing and the log says why.
    func reload() {
        notify(["RELOADING=1"])
        defer { notify(["READY=1"]) }
        let fresh: DaemonConfig
        do {
            fresh = try DaemonConfig.load(path: configPath)
        } catch {
            logger.error("reload: \(error); keeping the running configuration")
            return
        }
        server.update(access: fresh.access, limits: fresh.limits)
        // The program secrets: a program added with `kioskd secret generate` reads from now on.
        var keysLine = ""
        do {
            let keys = try ProgramKeysFile.load(path: config.programKeysPath)
            let before = Set(desk.codec.programs)
            desk.replaceCodec(VoucherCodec(keys: keys))
            let after = Set(keys.map(\.program))
            let added = after.subtracting(before).sorted().map(\.description)
            let removed = before.subtracting(after).sorted().map(\.description)
            keysLine = "; program secrets: \(keys.count) loaded"
                + (added.isEmpty ? "" : ", added \(added.joined(separator: " "))")
                + (removed.isEmpty ? "" : ", removed \(removed.joined(separator: " "))")
        } catch {
            keysLine = "; program secrets kept: \(error)"
            logger.error("reload: \(error); keeping the program secrets loaded before")
        }
        do throws(LedgerError) {
            for program in try missingSecrets() { logger.warning("program \(program) has no secret on this kiosk: its codes are refused") }
        } catch {
            logger.error("reload: cannot list the programs: \(error)")
        }
        var needRestart: [String] = []
        if fresh.terminal != config.terminal { needRestart.append("kiosk.terminal") }
        if fresh.timeZone != config.timeZone { needRestart.append("kiosk.time_zone") }
        if fresh.ledger != config.ledger { needRestart.append("[ledger]") }
        if fresh.programKeysPath != config.programKeysPath { needRestart.append("ledger.program_keys") }
        if fresh.socketPath != config.socketPath || fresh.socketMode != config.socketMode { needRestart.append("socket") }
        if fresh.camera != config.camera { needRestart.append("camera/scanner") }
        if fresh.notifyCommand != config.notifyCommand { needRestart.append("notify.command") }
        if fresh.sessionIdleTimeout != config.sessionIdleTimeout { needRestart.append("sessions.idle_timeout") }
        if fresh.confirmation != config.confirmation { needRestart.append("sessions.confirm") }
        if fresh.logLevel != config.logLevel { needRestart.append("log.level") }
        if fresh.display != config.display { needRestart.append("[display]") }
        logger.notice("reload: applied [access] and [limits] from \(configPath)\(keysLine)")
        if !needRestart.isEmpty {
            logger.warning("reload: \(needRestart.joined(separator: ", ")) changed and take effect at the next restart")
        }
    }

    /// SIGTERM: take no more requests, abort open sessions (releasing their codes), flush, exit 0.
    private func stop(signal number: Int32) {
        notify(["STOPPING=1"])
        logger.notice("stopping on signal \(number)")
        camera.stop()
        notifications?.endRunningCommand()
        // Subscribers (the POS, the customer's screen) learn each open session's end before the
        // socket closes: the events are written before the server's last words.
        for session in desk.openSessions() {
            do {
                let aborted = try desk.abort(session.id, now: .now())
                events.publish(.session(SessionView(aborted)))
                logger.info("session \(session.id) aborted: kioskd is stopping")
            } catch {
                logger.error("could not abort session \(session.id): \(error.message)")
            }
        }
        events.publish(.stopping(StoppingView(message: "kioskd is stopping (signal \(number)); open sessions were aborted and nothing was paid in them")))
        server.stop()
        // A kiosk's file leaves its log copied in; a shared ledger's server checkpoints its own.
        do { try ledger.checkpoint() } catch { logger.warning("ledger checkpoint on exit failed: \(error.message)") }
        logger.notice("kioskd stopped")
        exit(0)
    }
}

/// Keeps the daemon's timers alive.
final class TimerBox: @unchecked Sendable {
    // @unchecked: written once during `run()` before any timer fires, read never after.
    var timers: [any DispatchSourceTimer] = []
}
