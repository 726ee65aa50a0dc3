// shared-ledger-bench: N kiosk processes (8 by default) redeeming from one voucher pool on one
// PostgreSQL ledger, picking vouchers at random so they collide on purpose: confirmations per
// second, confirm latency, the collisions each kind of refusal caught, the transactions the
// server made run again (serialization conflicts), and the double spends found afterwards (0).
// Before the kiosks, pgbench's TPC-B-like transaction runs on the same cluster with as many
// clients (at most 64), twice: at scale = clients (each client mostly its own branch) and at
// pgbench's default scale 1 (every transaction updates the one branch row), so the rates are
// compared on the same server. Each round runs both pgbench runs and then the kiosks; with
// several rounds (3 by default) the medians are compared too, since on a shared machine one 10 s
// sample of either program can be 10% off.
//
// The pool (P vouchers, 1,000,000 by default: a city of 100,000 people given ten each) is large
// enough that codes already spent stay a few percent of those presented, as at a real counter;
// a small pool (--pool 100000) runs out within seconds at these rates, and then a third of the
// codes presented are refused as spent: a collision test more than a throughput test. Each
// round's customers bring vouchers not spent in earlier rounds, so every round meets the same few
// percent of codes spent meanwhile (by another kiosk, or by the same customer's earlier visit).
//
//   shared-ledger-bench [--kiosks N] [--seconds S] [--pool P] [--rounds R] [--pgbouncer [--pool-size C]]
//                       [--outage-at T [--outage-seconds D]] [--no-pgbench]
//
// --pgbouncer puts a PgBouncer in transaction pooling mode (scripts/pgbouncer.sh, C server
// connections, default 20) between the kiosks and the server, the kiosks' ledgers `pooled`: how
// hundreds of kiosks share a server's few connections.
//
// --outage-at stops the server T seconds into the run and starts it again D seconds (default 2)
// later: the kiosks count the refusals (`ledger_unreachable`), repeat a confirm whose outcome the
// broken connection left unknown with the same key, carry on when the server is back; the check
// at the end is the same. It also measures the reconnect storm: how long after the server was
// back each kiosk's first request succeeded (each kiosk backs off with jitter).
//
// It starts a throwaway cluster with scripts/postgresql-cluster.sh (run it from the repository's
// root; the server keeps its default fsync and synchronous_commit) and removes it afterwards.
import Foundation
import Kiosk

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("shared-ledger-bench: \(message)\n".utf8))
    exit(1)
}

let usage = """
    usage: shared-ledger-bench [--kiosks N] [--seconds S] [--pool P] [--rounds R] [--pgbouncer [--pool-size C]]
                               [--outage-at T [--outage-seconds D]] [--no-pgbench]
    """

/// Refuses what the command line says that this program does not know (naming it), and answers
/// `--help` with the usage, before anything is started.
func checkParentArguments() {
    let valued: Set = ["--kiosks", "--seconds", "--pool", "--rounds", "--pool-size", "--outage-at", "--outage-seconds"]
    let flags: Set = ["--pgbouncer", "--no-pgbench"]
    let arguments = CommandLine.arguments
    var index = 1
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--help" || argument == "-h" {
            print(usage)
            exit(0)
        } else if flags.contains(argument) {
            index += 1
        } else if valued.contains(argument) {
            guard index + 1 < arguments.count else { fail("\(argument) needs a value\n\(usage)") }
            index += 2
        } else {
            fail("unknown argument '\(argument)'\n\(usage)")
        }
    }
}

/// The number given with `name`, or `fallback` when the option is absent; a value that is not a
/// number is refused by name.
func number<T: LosslessStringConvertible>(_ name: String, _ fallback: T) -> T {
    guard let text = option(name) else { return fallback }
    guard let value = T(text) else { fail("\(name) \(text): not a number") }
    return value
}

/// Unwraps a value built from constants; a `nil` is a bug in this program.
func must<T>(_ value: T?, _ line: Int = #line) -> T {
    guard let value else { fail("a constant at line \(line) is invalid") }
    return value
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

let secret = Array("shared-bench-secret-0123456789".utf8)
let paper = must(ProgramCode("CITY"))
let office = Principal(name: "office", role: .programOffice)
let codec = VoucherCodec(keys: [must(ProgramKey(program: paper, number: 1, secret: secret))])
let schema: String? = nil  // the throwaway cluster's own public schema

func terminal(_ index: Int) -> SiteCode { must(SiteCode("K\(index + 1)")) }

/// Runs a command, waiting for it (posix_spawn: the cluster's server outlives the script).
@discardableResult
func shell(_ command: String) -> Int32 {
    var pid: pid_t = 0
    let words: [String] = ["/bin/bash", "-c", command]
    var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    guard posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return status
}

// MARK: A kiosk: redeem until the time is up.

func runKiosk(index: Int, conninfo: String, pooled: Bool, seconds: Double, pool: Int, go: String?, spent: String?) -> Never {
    let kiosk = terminal(index)
    let clerk = Principal(name: "clerk\(index)", role: .staff, terminal: kiosk)
    var random = SystemRandomNumberGenerator()
    var confirms = 0
    var heldElsewhere = 0
    var alreadySpent = 0
    var holdsLost = 0
    var latencies: [Double] = []
    var outageRefusals = 0
    var outcomesUnknown = 0
    /// Wall-clock instants of this kiosk's first refusal of the outage and its first success after.
    var cutOffAt: Double?
    var backAt: Double?
    // All the kiosks connecting at once at the start may find the pool or server busy: try again.
    let ledger: RelationalLedger = {
        for _ in 1..<50 {
            if let ledger = try? PostgreSQLLedger.open(conninfo: conninfo, schema: schema, pooled: pooled, terminal: kiosk) {
                return ledger
            }
            usleep(200_000)
        }
        do throws(LedgerError) {
            return try PostgreSQLLedger.open(conninfo: conninfo, schema: schema, pooled: pooled, terminal: kiosk)
        } catch {
            print("ERROR \(error.message)")
            exit(2)
        }
    }()
    let desk = RedemptionDesk(ledger: ledger, codec: codec)
    // The codes this kiosk's customers bring, made before the clock starts: at a counter they come
    // from the camera, and making them (a keyed MAC each) is not the kiosk's work. More than the
    // run can use; were they used up, the kiosk would go round them again. Customers bring
    // vouchers not yet spent: those spent in earlier rounds (the `spent` file, one serial a line)
    // are not among them, so every round meets the same few percent of codes spent meanwhile.
    let spentBefore = Set(
        ((spent.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }) ?? "").split(separator: "\n").compactMap { Int64($0) })
    let codes: [String] = (0..<max(1000, Int(seconds * 1500))).map { _ in
        do throws(LedgerError) {
            var serial = Int64.random(in: 1...Int64(pool), using: &random)
            while spentBefore.contains(serial) && spentBefore.count < pool { serial = Int64.random(in: 1...Int64(pool), using: &random) }
            return try codec.voucherPayload(program: paper, serial: serial)
        } catch {
            print("ERROR \(error.message)")
            exit(2)
        }
    }
    var nextCode = 0
    // Every kiosk starts its clock together, once all are connected and have their codes.
    if let go {
        _ = FileManager.default.createFile(atPath: "\(go).ready.\(index)", contents: nil)
        while !FileManager.default.fileExists(atPath: go) { usleep(2_000) }
    }
    let start = DispatchTime.now()
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
    /// Runs a step again while the server is out of reach, as an operator would (for a minute).
    func patiently<T>(_ step: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        let deadline = elapsed() + 60
        while true {
            do {
                let result = try step()
                if cutOffAt != nil && backAt == nil { backAt = Date().timeIntervalSince1970 }
                return result
            } catch {
                switch error {
                case .unreachable: outageRefusals += 1
                case .outcomeUnknown: outcomesUnknown += 1
                default: throw error
                }
                if cutOffAt == nil { cutOffAt = Date().timeIntervalSince1970 }
                if elapsed() > deadline { throw error }
                usleep(100_000)
            }
        }
    }
    var attempt = 0
    while elapsed() < seconds {
        attempt += 1
        let vouchers = Int.random(in: 1...3, using: &random)
        do throws(LedgerError) {
            let now = Timestamp.now()
            let session = try patiently { () throws(LedgerError) in
                try desk.open(program: paper, amount: Yen(Int64(vouchers) * 1000), terminal: kiosk, now: now)
            }
            for _ in 0..<vouchers {
                let code = codes[nextCode % codes.count]
                nextCode += 1
                do throws(LedgerError) {
                    _ = try patiently { () throws(LedgerError) in try desk.present(.scanned(code), to: session.id, by: .system, now: now) }
                } catch {
                    switch error {
                    case .codeHeldElsewhere: heldElsewhere += 1
                    case .voucherAlreadySpent: alreadySpent += 1
                    default: throw error
                    }
                }
            }
            guard try desk.session(session.id, now: now).lines.count > 0 else {
                _ = try patiently { () throws(LedgerError) in try desk.abort(session.id, now: now) }
                continue
            }
            _ = try desk.settle(session.id, by: .system, now: now)
            let began = DispatchTime.now()
            do throws(LedgerError) {
                // The same key on a repeat: recorded once, whether or not the cut-off commit was.
                let key = must(IdempotencyKey("k\(index)-\(getpid())-\(attempt)"))
                let payment = try patiently { () throws(LedgerError) in
                    try desk.confirm(session.id, idempotencyKey: key, by: clerk, now: Timestamp.now())
                }
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e9)
                confirms += 1
                print("P \(payment.id.rawValue) \(payment.amount.rawValue)")
            } catch {
                guard case .holdLost = error else { throw error }
                holdsLost += 1
                _ = try? patiently { () throws(LedgerError) in try desk.abort(session.id, now: Timestamp.now()) }
            }
        } catch {
            print("ERROR \(error.code): \(error.message)")
            exit(2)
        }
    }
    let sorted = latencies.sorted()
    if let cutOffAt, let backAt { print("B \(cutOffAt) \(backAt)") }
    print(
        "R \(confirms) \(heldElsewhere) \(alreadySpent) \(holdsLost) \(ledger.conflictsRetried) \(percentile(sorted, 0.5)) \(percentile(sorted, 0.99)) \(outageRefusals) \(outcomesUnknown)"
    )
    exit(0)
}

// MARK: The parent: set up, start the kiosks, check.

func setUp(conninfo: String, pool: Int, kiosks: Int) throws(LedgerError) {
    let ledger = try PostgreSQLLedger.open(conninfo: conninfo, schema: schema, terminal: nil)
    let now = Timestamp.now()
    let day: Int64 = 86_400
    let calendar = SettlementCalendar.semimonthly(
        from: LedgerTimeZone.tokyo.localDate(of: now),
        through: LedgerTimeZone.tokyo.localDate(of: now.adding(seconds: 400 * day)),
        payoutDelay: 15
    )
    try ledger.createProgram(
        Program(
            code: paper, number: 1, name: "city voucher", kind: .paper, unit: 1000, faceValue: 1000,
            maximumPerTransaction: 100_000, validFrom: now.adding(seconds: -day), validUntil: now.adding(seconds: 365 * day),
            redemptionDeadline: now.adding(seconds: 366 * day), refundRule: .hoursAfterPayment(24), calendar: calendar),
        by: office, now: now)
    try ledger.createMerchant(Merchant(code: must(SiteCode("M1")), name: "merchant"), by: office, now: now)
    try ledger.createStore(Store(code: must(SiteCode("S1")), merchant: must(SiteCode("M1")), name: "store"), by: office, now: now)
    for index in 0..<kiosks {
        try ledger.createTerminal(Terminal(code: terminal(index), store: must(SiteCode("S1")), name: "kiosk \(index + 1)"), by: office, now: now)
    }
    // A batch has at most 100,000 vouchers.
    var issued = 0
    while issued < pool {
        let count = min(100_000, pool - issued)
        _ = try ledger.issueVouchers(program: paper, count: count, by: office, now: now)
        issued += count
    }
}

func runParent() {
    checkParentArguments()
    let kiosks: Int = number("--kiosks", 8)
    let seconds: Double = number("--seconds", 10)
    let pool: Int = number("--pool", 1_000_000)
    let rounds: Int = number("--rounds", 3)
    let outageAt: Double? = option("--outage-at") == nil ? nil : number("--outage-at", 0)
    let outageSeconds: Double = number("--outage-seconds", 2)
    let pooled = CommandLine.arguments.contains("--pgbouncer")
    let poolSize: Int = number("--pool-size", 20)
    guard kiosks >= 1, kiosks <= 400, seconds > 0, pool >= 10, poolSize >= 1, (1...9).contains(rounds) else {
        fail("--kiosks 1-400, --seconds > 0, --pool >= 10, --pool-size >= 1, --rounds 1-9")
    }
    if option("--outage-at") != nil && rounds != 1 { fail("--outage-at needs --rounds 1") }
    if kiosks > 190 && !pooled { fail("more than 190 kiosks need --pgbouncer: the cluster takes 200 connections") }
    if let outageAt, outageAt <= 0 || outageAt + outageSeconds >= seconds {
        fail("--outage-at T needs 0 < T and T + --outage-seconds < --seconds")
    }
    let cluster = "/tmp/shared-ledger-bench-\(getpid())"
    guard shell("bash scripts/postgresql-cluster.sh start \(cluster) > \(cluster).conninfo") == 0,
        let text = try? String(contentsOfFile: "\(cluster).conninfo", encoding: .utf8)
    else { fail("cannot start a PostgreSQL cluster with scripts/postgresql-cluster.sh (run from the repository's root)") }
    let conninfo = text.trimmingCharacters(in: .whitespacesAndNewlines)
    func cleanUp() {
        shell("bash scripts/pgbouncer.sh stop \(cluster)/pool; bash scripts/postgresql-cluster.sh stop \(cluster); rm -rf \(cluster) \(cluster).conninfo \(cluster).spent")
    }
    var kioskConninfo = conninfo
    if pooled {
        guard shell("bash scripts/pgbouncer.sh start \(cluster)/pool \(cluster) \(poolSize) > \(cluster).pool") == 0,
            let text = try? String(contentsOfFile: "\(cluster).pool", encoding: .utf8)
        else {
            cleanUp()
            fail("cannot start PgBouncer with scripts/pgbouncer.sh")
        }
        kioskConninfo = text.trimmingCharacters(in: .whitespacesAndNewlines)
        try? FileManager.default.removeItem(atPath: "\(cluster).pool")
        print("kiosks connect through PgBouncer (transaction pooling, \(poolSize) server connections)")
    }
    do {
        try setUp(conninfo: conninfo, pool: pool, kiosks: kiosks)
    } catch {
        cleanUp()
        fail("setup: \(error.message)")
    }
    print("shared-ledger-bench: \(kiosks) kiosk processes, \(pool) vouchers of 1,000 yen, 1-3 picked at random per session, \(seconds) s, \(rounds) round(s)")

    /// pgbench's TPC-B-like transaction on the same cluster, as many clients as kiosks (at most 64).
    func pgbench(scale: Int) -> Double {
        let clients = min(kiosks, 64)
        let host = "-h \(cluster) -U kiosk"
        let output = "\(cluster).pgbench"
        guard shell("pgbench \(host) -i -q -s \(scale) postgres > /dev/null 2>&1") == 0, checkpoint(),
            shell("pgbench \(host) -c \(clients) -j 2 -T \(Int(seconds.rounded(.up))) postgres > \(output) 2>&1") == 0,
            let report = try? String(contentsOfFile: output, encoding: .utf8),
            let line = report.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).prefix(while: { $0 != " " }))
        else {
            cleanUp()
            fail("pgbench did not run on the cluster")
        }
        try? FileManager.default.removeItem(atPath: output)
        _ = psql("-c 'DROP TABLE pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history'")
        print(String(format: "pgbench TPC-B-like on the same cluster: %.0f transactions/s (%d clients, scale %d, %d s)", tps, clients, scale, Int(seconds.rounded(.up))))
        return tps
    }

    /// Runs psql on the cluster's database with these arguments; its output goes to `output`.
    func psql(_ arguments: String, output: String = "/dev/null") -> Bool {
        shell("psql -h \(cluster) -U kiosk -q -d postgres \(arguments) > \(output) 2>&1") == 0
    }

    /// Writes out what setting up left in memory, so that no timed run pays for another's writes.
    func checkpoint() -> Bool { psql("-c CHECKPOINT") }

    var confirms = 0
    var held = 0
    var spent = 0
    var lost = 0
    var conflicts = 0
    var refusals = 0
    var unknown = 0
    var reported: [Int64: Int64] = [:]
    var reconnects: [Double] = []
    var roundRates: [Double] = []
    var pgbenchRates: [Int: [Double]] = [:]
    var worstP99 = 0.0
    for round in 1...rounds {
        if rounds > 1 { print("round \(round) of \(rounds):") }
        if !CommandLine.arguments.contains("--no-pgbench") {
            for scale in [min(kiosks, 64), 1] { pgbenchRates[scale, default: []].append(pgbench(scale: scale)) }
        }
        // The vouchers prepared as pgbench prepares its own tables before each of its runs (`-i`
        // vacuums what it loaded; each run vacuums its branches and tellers first): vacuumed and
        // analyzed, so that no round's kiosks meet an autovacuum of the million rows the setup or
        // an earlier round wrote. Only the vouchers: analyzing the ledger's other tables while
        // they are still empty had the first round's kiosks plan for empty tables as they filled
        // (1,016 confirmations/s against 2,226 in the next round, where they had rows).
        guard psql("-c 'VACUUM (ANALYZE) vouchers'"), checkpoint() else {
            cleanUp()
            fail("cannot vacuum and checkpoint the cluster")
        }
        let outputs = (0..<kiosks).map { FileManager.default.temporaryDirectory.appendingPathComponent("slb-\(getpid())-\($0).out") }
        let go = "\(cluster).go.\(round)"
        // The vouchers earlier rounds spent, which this round's customers do not bring.
        let spentFile = "\(cluster).spent"
        guard psql("-tAc \"SELECT serial FROM vouchers WHERE state = 'spent'\"", output: spentFile) else {
            cleanUp()
            fail("cannot read the spent vouchers")
        }
        var children: [Process] = []
        for index in 0..<kiosks {
            _ = FileManager.default.createFile(atPath: outputs[index].path, contents: nil)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).absoluteURL
            child.arguments =
                ["--kiosk", String(index), "--conninfo", kioskConninfo, "--seconds", String(seconds), "--pool", String(pool), "--go", go]
                + ["--spent", spentFile]
                + (pooled ? ["--pooled"] : [])
            child.standardOutput = try? FileHandle(forWritingTo: outputs[index])
            do { try child.run() } catch { fail("cannot start kiosk \(index): \(error)") }
            children.append(child)
        }
        // The kiosks' clocks start together once every one is connected and has its codes.
        let ready = (0..<kiosks).map { "\(go).ready.\($0)" }
        let deadline = Date().addingTimeInterval(300)
        while !ready.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            if Date() > deadline || children.contains(where: { !$0.isRunning }) {
                cleanUp()
                fail("the kiosks did not all get ready")
            }
            usleep(10_000)
        }
        _ = FileManager.default.createFile(atPath: go, contents: nil)
        var serverBackAt: Double?
        if let outageAt {
            usleep(useconds_t(outageAt * 1e6))
            guard shell("bash scripts/postgresql-cluster.sh stop \(cluster)") == 0 else { fail("cannot stop the cluster") }
            print(String(format: "outage: the server stopped %.1f s into the run", outageAt))
            usleep(useconds_t(outageSeconds * 1e6))
            guard shell("bash scripts/postgresql-cluster.sh start \(cluster) > /dev/null") == 0 else { fail("cannot restart the cluster") }
            serverBackAt = Date().timeIntervalSince1970
            print(String(format: "outage: the server started again %.1f s later", outageSeconds))
        }
        for child in children { child.waitUntilExit() }
        for path in ready + [go] { try? FileManager.default.removeItem(atPath: path) }
        var roundConfirms = 0
        var p50s: [Double] = []
        var p99s: [Double] = []
        for (index, url) in outputs.enumerated() {
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: url)
            for line in text.split(separator: "\n") {
                let f = line.split(separator: " ")
                switch f.first {
                case "P": reported[Int64(f[1]) ?? 0] = Int64(f[2]) ?? 0
                case "B": if let back = Double(f[2]), let server = serverBackAt { reconnects.append(back - server) }
                case "R":
                    roundConfirms += Int(f[1]) ?? 0
                    held += Int(f[2]) ?? 0
                    spent += Int(f[3]) ?? 0
                    lost += Int(f[4]) ?? 0
                    conflicts += Int(f[5]) ?? 0
                    p50s.append(Double(f[6]) ?? .nan)
                    p99s.append(Double(f[7]) ?? .nan)
                    refusals += Int(f[8]) ?? 0
                    unknown += Int(f[9]) ?? 0
                default:
                    cleanUp()
                    fail("kiosk \(index): \(line)")
                }
            }
        }
        confirms += roundConfirms
        let rate = Double(roundConfirms) / seconds
        roundRates.append(rate)
        worstP99 = max(worstP99, p99s.max() ?? .nan)
        print(String(format: "confirmations: %d in %.0f s = %.0f/s over %d kiosks (per kiosk: p50 %.2f ms, p99 %.2f ms, worst kiosk)",
            roundConfirms, seconds, rate, kiosks, (p50s.max() ?? .nan) * 1000, (p99s.max() ?? .nan) * 1000))
        for scale in pgbenchRates.keys.sorted(by: >) {
            guard let tps = pgbenchRates[scale]?.last else { continue }
            print(String(format: "confirmations/s over pgbench TPC-B-like transactions/s at scale %d: %.0f%%", scale, 100 * rate / tps))
        }
        if outageAt != nil {
            print("during the outage: \(refusals) requests refused as unreachable (each repeated until the server was back), \(unknown) confirms or holds cut off while committing (repeated with the same key)")
            let sorted = reconnects.sorted()
            print(String(format: "reconnect storm: %d of %d kiosks cut off; after the server was back, their first success came p50 %.2f s, all within %.2f s",
                sorted.count, kiosks, percentile(sorted, 0.5), sorted.last ?? .nan))
        }
    }
    if rounds > 1 {
        // The middle round of each program, so one noisy sample of either does not decide.
        let rate = median(roundRates)
        print(String(format: "median of %d rounds: %.0f confirmations/s (worst kiosk p99 of all rounds %.2f ms)", rounds, rate, worstP99 * 1000))
        for scale in pgbenchRates.keys.sorted(by: >) {
            guard let rates = pgbenchRates[scale] else { continue }
            let tps = median(rates)
            print(String(format: "median of %d rounds: pgbench TPC-B-like %.0f transactions/s at scale %d; confirmations/s over it: %.0f%%", rounds, tps, scale, 100 * rate / tps))
        }
    }
    do {
        let ledger = try PostgreSQLLedger.open(conninfo: conninfo, schema: schema, terminal: nil)
        let report = try ledger.consistency()
        for (id, amount) in reported {
            let payment = try ledger.payment(PaymentID(rawValue: id))
            if payment.amount.rawValue != amount { fail("payment \(id) changed") }
        }
        let doubleSpends = report.violations.filter { $0.contains("more than one live payment") }.count
        print("collisions caught: \(held) codes held by another kiosk's session, \(spent) already spent, \(lost) holds lost at confirm")
        print("transactions run again after a conflict (a deadlock, or a key another kiosk took first): \(conflicts)")
        print("ledger: \(report.payments) payments (\(reported.count) reported by kiosks), paid \(report.paid), vouchers spent \(report.valueSpent); integrity \(report.integrity); violations \(report.violations.count); double spends \(doubleSpends)")
        cleanUp()
        if !report.ok || report.payments != reported.count || report.payments != confirms {
            fail("the ledger does not add up: \(report.violations)")
        }
    } catch {
        cleanUp()
        fail("check: \(error.message)")
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

if let index = option("--kiosk").flatMap({ Int($0) }), let conninfo = option("--conninfo") {
    runKiosk(
        index: index,
        conninfo: conninfo,
        pooled: CommandLine.arguments.contains("--pooled"),
        seconds: number("--seconds", 10),
        pool: number("--pool", 1_000_000),
        go: option("--go"),
        spent: option("--spent")
    )
} else {
    runParent()
}
