// control-bench: 50 concurrent clients on kioskd's control socket while sessions run.
//
//   control-bench [--clients N] [--requests M] [--login-flood L]
//
// Makes a demo kiosk in a temporary directory (kioskd demo-setup), starts the kioskd built beside
// this executable on its synthetic camera, logs in, then runs N client threads, each sending M
// requests in turn: status, balance inquiry, sales summary (staff) or usage list (manager), while
// one more thread opens, fills and aborts sessions. Prints latency percentiles per operation and
// the number of errors; exit status 1 when any request failed.
//
// With --login-flood L, one more connection (of the same uid, as an attacker with access would
// be) pipelines L logins of unknown names in one go, and the clients keep sending until its last
// answer came back: the figures are then the other clients' latencies during the flood, with the
// flood's own duration. Its refusals (wrong_credentials, account_locked) are expected, not errors.
import Foundation
import KioskProtocol

func option(_ name: String, default value: Int) -> Int {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count,
        let number = Int(CommandLine.arguments[index + 1]), number > 0
    else { return value }
    return number
}

/// The kioskd this bench started, stopped on every way out (`exit` skips `defer`).
nonisolated(unsafe) var daemonPID: pid_t = 0

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("control-bench: \(message)\n".utf8))
    if daemonPID > 0 { kill(daemonPID, SIGTERM) }
    exit(1)
}

/// One connection: a JSON line out, a JSON line back.
final class Connection {
    let fd: Int32
    var buffer: [UInt8] = []
    var token: String?

    init(path: String) {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.utf8.count + 1)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
        }
        if connected != 0 { fail("cannot connect to \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    /// Sends `request` and reads its reply: the result, or kioskd's refusal (`closed` when the
    /// connection ended, `unreadable` when the reply is not one of the protocol's).
    func call(_ request: ControlRequest) -> Result<ControlResult, ControlError> {
        guard var line = try? ControlRequestLine(id: .number(1), token: token, request: request).encoded() else {
            fail("cannot encode \(request)")
        }
        line.append(10)
        _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let reply = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                do {
                    return try ControlReplyLine.decode(reply, answering: request).outcome
                } catch {
                    return .failure(ControlError(code: "unreadable", message: "\(error)"))
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return .failure(ControlError(code: "closed", message: "kioskd closed the connection")) }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}

let clients = option("--clients", default: 50)
let requests = option("--requests", default: 200)
let floodLogins = CommandLine.arguments.contains("--login-flood") ? option("--login-flood", default: 1000) : 0
let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("control-bench-\(getpid())").path

func run(_ name: String, _ arguments: [String]) -> Process {
    let process = Process()
    process.executableURL = binaries.appendingPathComponent(name)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle(forWritingAtPath: "/dev/null")
    do { try process.run() } catch { fail("cannot run \(name): \(error)") }
    return process
}

let setup = run("kioskd", ["demo-setup", directory])
setup.waitUntilExit()
if setup.terminationStatus != 0 { fail("kioskd demo-setup failed") }
// Room for 50 clients and the session driver.
var config = (try? String(contentsOfFile: directory + "/kioskd.conf", encoding: .utf8)) ?? ""
config += "\n[limits]\nmax_clients = \(clients + 8)\nmax_clients_per_uid = \(clients + 8)\n"
try? config.write(toFile: directory + "/kioskd.conf", atomically: true, encoding: .utf8)
let daemon = run("kioskd", ["--config", directory + "/kioskd.conf"])
daemonPID = daemon.processIdentifier

/// Stops kioskd and removes the demo kiosk; `exit` skips `defer`, so every way out calls this.
func finish(_ status: Int32) -> Never {
    kill(daemon.processIdentifier, SIGTERM)
    daemon.waitUntilExit()
    try? FileManager.default.removeItem(atPath: directory)
    exit(status)
}
let socketPath = directory + "/control.sock"
for _ in 0..<200 where !FileManager.default.fileExists(atPath: socketPath) { usleep(50_000) }

/// The rows of a demo list file, split into words, without comments.
func rows(_ file: String) -> [[String]] {
    ((try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? "").split(separator: "\n")
        .filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").map(String.init) }
}
let initial = Dictionary(uniqueKeysWithValues: rows("accounts.txt").map { ($0[0], $0[2]) })
let vouchers = rows("vouchers.txt").map { (payload: $0[1], typed: $0[2]) }

/// Logs in as `name`, changing the initial password on the first call; returns the token.
func login(_ name: String) -> String {
    let connection = Connection(path: socketPath)
    let password = "Bench-pass-1"
    var reply = connection.call(.login(name: name, password: password))
    if case .failure = reply {
        reply = connection.call(.login(name: name, password: initial[name] ?? ""))
        guard case .success = reply else { fail("login as \(name): \(reply)") }
        let changed = connection.call(.changePassword(current: initial[name] ?? "", new: password))
        guard case .success = changed else { fail("password change of \(name): \(changed)") }
    }
    guard case .success(.login(let view)) = reply else { fail("login gave no token") }
    return view.token
}

let clerkToken = login("clerk")
let managerToken = login("manager")

/// Latencies in microseconds per operation, and errors.
final class Results: @unchecked Sendable {
    let lock = NSLock()
    var latencies: [String: [Int64]] = [:]
    var errors: [String] = []
    func add(_ op: String, _ microseconds: Int64, error: String?) {
        lock.lock()
        defer { lock.unlock() }
        latencies[op, default: []].append(microseconds)
        if let error { errors.append("\(op): \(error)") }
    }
}
let results = Results()
let done = DispatchSemaphore(value: 0)
let stopSessions = NSLock()
nonisolated(unsafe) var sessionsRunning = true
nonisolated(unsafe) var sessionsRun = 0

func timed(_ connection: Connection, _ op: String, _ request: ControlRequest) {
    let start = ContinuousClock.now
    let reply = connection.call(request)
    let elapsed = start.duration(to: .now)
    let micro = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    let error: String? = if case .failure(let refusal) = reply { refusal.code } else { nil }
    results.add(op, micro, error: error)
}

let today: LocalDate = {
    let formatter = DateFormatter()
    formatter.timeZone = TimeZone(identifier: "Asia/Tokyo")
    formatter.dateFormat = "yyyy-MM-dd"
    guard let day = LocalDate(formatter.string(from: Date())) else { fail("cannot tell today's date") }
    return day
}()
guard let program = ProgramCode("KMTPREMIUM") else { fail("the demo program's code is not a program code") }

// The session driver: open, present two typed codes, abort, again and again.
Thread.detachNewThread {
    let connection = Connection(path: socketPath)
    connection.token = clerkToken
    var index = 0
    while true {
        stopSessions.lock()
        let running = sessionsRunning
        stopSessions.unlock()
        if !running { break }
        let openStart = ContinuousClock.now
        let opened = connection.call(.openSession(program: program, amount: 3000))
        let openTime = openStart.duration(to: .now)
        results.add("session.open", openTime.components.seconds * 1_000_000 + openTime.components.attoseconds / 1_000_000_000_000, error: nil)
        guard case .success(.session(let view)) = opened, let session = SessionID(view.session) else {
            results.add("session.open", 0, error: "\(opened)")
            break
        }
        for _ in 0..<2 {
            timed(connection, "session.present", .present(session: session, code: .typed(vouchers[index % vouchers.count].typed)))
            index += 1
        }
        timed(connection, "session.abort", .abort(session))
        sessionsRun += 1
    }
    done.signal()
}

/// Whether the login flood still waits for answers (always false without --login-flood).
final class Flood: @unchecked Sendable {
    let lock = NSLock()
    var running = false
    var answered = 0
    var seconds = 0.0
    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }
}
let flood = Flood()
if floodLogins > 0 {
    flood.running = true
    let floodConnection = Connection(path: socketPath)
    let fd = withExtendedLifetime(floodConnection) { dup(floodConnection.fd) }  // ours to keep; the Connection closes its own
    var floodLines = Data()
    for index in 0..<floodLogins {
        let login = ControlRequest.login(name: "probe\(index % 100)", password: "Guess-\(index)")
        guard let line = try? ControlRequestLine(id: .number(Int64(index)), token: nil, request: login).encoded() else {
            fail("cannot encode the login flood")
        }
        floodLines.append(line)
        floodLines.append(10)
    }
    let lines = floodLines
    let floodStart = ContinuousClock.now
    // Written from one thread and read from another: kioskd reads a connection's lines only as
    // fast as it answers them, so the writer blocks while the reader takes the answers.
    Thread.detachNewThread {
        var offset = 0
        while offset < lines.count {
            let sent = lines.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { fail("the login flood could not be written: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }
    Thread.detachNewThread {
        var answered = 0
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while answered < floodLogins {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { fail("kioskd closed the login flood after \(answered) answers") }
            answered += chunk[0..<count].filter { $0 == 10 }.count
        }
        let elapsed = floodStart.duration(to: .now)
        flood.lock.lock()
        flood.running = false
        flood.answered = answered
        flood.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        flood.lock.unlock()
    }
}

let started = ContinuousClock.now
let group = DispatchGroup()
for client in 0..<clients {
    group.enter()
    Thread.detachNewThread {
        let connection = Connection(path: socketPath)
        let manager = client % 5 == 0
        connection.token = manager ? managerToken : clerkToken
        var request = 0
        while floodLogins > 0 ? flood.isRunning : request < requests {
            defer { request += 1 }
            switch request % 3 {
            case 0: timed(connection, "status", .status)
            case 1: timed(connection, "balance", .balance(.scanned(vouchers[request % vouchers.count].payload)))
            default:
                if manager {
                    timed(connection, "report.usage", .usageReport(UsageQuery(days: LocalDateRange(today))))
                } else {
                    timed(connection, "report.sales", .salesSummary(SalesQuery()))
                }
            }
        }
        group.leave()
    }
}
group.wait()
let elapsed = started.duration(to: .now)
stopSessions.lock()
sessionsRunning = false
stopSessions.unlock()
done.wait()

let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
var total = 0
if floodLogins > 0 {
    print("login flood: \(flood.answered) pipelined logins of unknown names answered in \(String(format: "%.2f", flood.seconds)) s; the clients below ran meanwhile")
}
print("control-bench: \(clients) clients x \(floodLogins > 0 ? "(until the flood ended)" : "\(requests)") requests in \(String(format: "%.2f", seconds)) s, \(sessionsRun) sessions opened, filled and aborted meanwhile")
print("operation        count      p50 ms    p99 ms    max ms")
for (op, values) in results.latencies.sorted(by: { $0.key < $1.key }) {
    let sorted = values.sorted()
    func percentile(_ p: Double) -> Double { Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000 }
    total += sorted.count
    print(
        op.padding(toLength: 16, withPad: " ", startingAt: 0)
            + String(format: " %6d  %9.2f %9.2f %9.2f", sorted.count, percentile(0.5), percentile(0.99), percentile(1.0))
    )
}
print("requests: \(total), \(String(format: "%.0f", Double(total) / seconds))/s; errors: \(results.errors.count)")
for error in results.errors.prefix(10) { print("  error: \(error)") }
finish(results.errors.isEmpty ? 0 : 1)
