// ledger-torture: kills a process that is redeeming, confirming and refunding with SIGKILL at
// random instants, reopens the ledger after each kill and checks it. Exit status 1 on any violation.
//
//   ledger-torture --kills N [--kills-per-ledger K] [--dir PATH] [--seed S] [--max-delay-ms M]
//
// Every check reads the whole ledger, so a check costs more as the ledger grows and one ledger
// taken through a long run makes the run quadratic. `--kills-per-ledger K` starts a fresh ledger
// every K kills (after that ledger's last full check); every kill is still checked in full.
import Foundation
import Kiosk
import TestSupport

let secret = Array("torture-secret-0123456789abcdef".utf8)
let paper = must(ProgramCode("TORTURE"))
let tickets = must(ProgramCode("TTICKET"))
let terminal = must(SiteCode("T1"))
let office = Principal(name: "office", role: .programOffice)
let clerk = Principal(name: "clerk", role: .staff, terminal: terminal)
let codec = VoucherCodec(keys: [
    must(ProgramKey(program: paper, number: 1, secret: secret)),
    must(ProgramKey(program: tickets, number: 2, secret: secret)),
])

/// Unwraps a value built from constants; a `nil` is a bug in this program.
func must<T>(_ value: T?, _ line: Int = #line) -> T {
    guard let value else { fail("a constant at line \(line) is invalid") }
    return value
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ledger-torture: \(message)\n".utf8))
    exit(1)
}

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

// MARK: The child: work until killed.

func runChild(path: String, seed: UInt64) -> Never {
    var random = SeededRandom(seed: seed)
    let out = FileHandle.standardOutput
    func report(_ line: String) { out.write(Data((line + "\n").utf8)) }  // one write(2) per line
    do throws(LedgerError) {
        let ledger = try SQLiteLedger.open(path: path)
        let desk = RedemptionDesk(ledger: ledger, codec: codec)
        var issued = try vouchersIssued(ledger)
        var mine: [PaymentID] = []
        var leftOpen: SessionID?
        var operation = 0
        // Keys carry this life's seed, not its pid: pids are reused over a long run, and a key
        // reused for another request is (rightly) refused by the ledger.
        let life = String(seed, radix: 36)
        while true {
            operation += 1
            let now = Timestamp.now()
            let roll = random.next() % 100
            if roll < 30, !mine.isEmpty {
                // Refund one of this life's payments (twice with the same key: idempotent).
                let index = Int(random.next() % UInt64(mine.count))
                let payment = mine.remove(at: index)
                let key = must(IdempotencyKey("r-\(life)-\(operation)"))
                let request = RefundRequest(
                    payment: payment,
                    idempotencyKey: key,
                    memo: "torture",
                    principal: office,
                    now: now
                )
                let refund = try ledger.refund(request)
                report("R \(payment.rawValue) \(refund.id.rawValue) \(refund.amount.rawValue)")
                if try ledger.refund(request) != refund {
                    report("VIOLATION refund retry gave another refund"); exit(3)
                }
                continue
            }
            let isPaper = random.next() % 4 != 0
            let program = isPaper ? paper : tickets
            let amount = Yen(isPaper ? Int64(random.next() % 5 + 1) * 1000 : Int64(random.next() % 3000 + 1))
            // A terminal has one open session: the one left open last time (holding its codes
            // until now, or until the kill) is aborted first, as a clerk would.
            if let open = leftOpen {
                leftOpen = nil
                do throws(LedgerError) {
                    _ = try desk.abort(open, now: Timestamp.now())
                } catch .invalidTransition {
                    // It expired on its own meanwhile and released its codes.
                }
            }
            let session = try desk.open(program: program, amount: amount, terminal: terminal, now: now)
            var misses = 0
            var state = session
            while state.state == .collecting && misses < 40 {
                let code: String
                if isPaper {
                    code = try codec.voucherPayload(program: paper, serial: Int64(random.next() % UInt64(issued)) + 1)
                } else {
                    code = try codec.eTicketPayload(program: tickets, id: Int64(random.next() % 200) + 1, at: now)
                }
                do throws(LedgerError) {
                    state = try desk.present(.scanned(code), to: session.id, by: .system, now: Timestamp.now()).session
                } catch {
                    switch error {
                    case .voucherAlreadySpent, .eTicketEmpty, .codeHeldElsewhere: misses += 1
                    default: throw error
                    }
                }
            }
            if state.state == .collecting && misses >= 40 && isPaper {
                issued = Int(
                    try ledger.issueVouchers(program: paper, count: 500, by: office, now: Timestamp.now()).upperBound
                )
            }
            let choice = random.next() % 20
            if choice == 0 {
                _ = try desk.abort(session.id, now: Timestamp.now())
                continue
            }
            if choice == 1 {  // left open: its holds stay until the kill or the next session
                leftOpen = session.id
                continue
            }
            if state.lines.isEmpty {
                _ = try desk.abort(session.id, now: Timestamp.now())
                continue
            }
            if state.state == .collecting { _ = try desk.settle(session.id, by: .system, now: Timestamp.now()) }
            let key = must(IdempotencyKey("c-\(life)-\(operation)"))
            let payment = try desk.confirm(session.id, idempotencyKey: key, by: clerk, now: Timestamp.now())
            report("P \(payment.id.rawValue) \(payment.amount.rawValue) \(key.rawValue) \(payment.lines.count)")
            mine.append(payment.id)
            if try desk.confirm(session.id, idempotencyKey: key, by: clerk, now: Timestamp.now()) != payment {
                report("VIOLATION confirm retry gave another payment")
                exit(3)
            }
            _ = try desk.expireIdle(now: Timestamp.now())
        }
    } catch {
        report("ERROR \(error.code): \(error.message)")
        exit(2)
    }
}

/// Vouchers issued so far: serials are dense from 1, so find the end by doubling, then bisecting.
func vouchersIssued(_ ledger: RelationalLedger) throws(LedgerError) -> Int {
    func exists(_ serial: Int) throws(LedgerError) -> Bool {
        do throws(LedgerError) {
            _ = try ledger.balance(of: .voucher(program: paper, serial: Int64(serial)))
            return true
        } catch {
            if case .unknownCode = error { return false }
            throw error
        }
    }
    var low = 1
    var high = low * 2
    while try exists(high) { low = high; high *= 2 }
    while high - low > 1 {
        let mid = (low + high) / 2
        if try exists(mid) { low = mid } else { high = mid }
    }
    return low
}

// MARK: The parent: set up, kill, check.

func setUp(path: String) throws(LedgerError) {
    let now = Timestamp.now()
    let ledger = try SQLiteLedger.open(path: path)
    let day: Int64 = 86_400
    let calendar = SettlementCalendar.semimonthly(
        from: LedgerTimeZone.tokyo.localDate(of: now),
        through: LedgerTimeZone.tokyo.localDate(of: now.adding(seconds: 400 * day)),
        payoutDelay: 15
    )
    for (code, number, kind, unit, face) in [
        (paper, 1, ProgramKind.paper, Yen(1000), Yen(1000)), (tickets, 2, .eTicket, 1, 5000),
    ] {
        try ledger.createProgram(
            Program(
                code: code,
                number: number,
                name: "torture \(kind.rawValue)",
                kind: kind,
                unit: unit,
                faceValue: face,
                maximumPerTransaction: 100_000,
                validFrom: now.adding(seconds: -day),
                validUntil: now.adding(seconds: 365 * day),
                redemptionDeadline: now.adding(seconds: 366 * day),
                refundRule: .hoursAfterPayment(24),
                calendar: calendar
            ),
            by: office,
            now: now
        )
    }
    try ledger.createMerchant(Merchant(code: must(SiteCode("M1")), name: "merchant"), by: office, now: now)
    try ledger.createStore(
        Store(code: must(SiteCode("S1")), merchant: must(SiteCode("M1")), name: "store"),
        by: office,
        now: now
    )
    try ledger.createTerminal(
        Terminal(code: terminal, store: must(SiteCode("S1")), name: "kiosk"),
        by: office,
        now: now
    )
    _ = try ledger.issueVouchers(program: paper, count: 5000, by: office, now: now)
    for _ in 0..<200 {
        _ = try ledger.issueETicket(
            program: tickets,
            balance: 50_000,
            expiry: now.adding(seconds: 365 * day),
            by: office,
            now: now
        )
    }
}

struct Reported {
    var payments: [PaymentID: (amount: Int64, key: String, lines: Int)] = [:]
    var refunds: [PaymentID: (refund: Int64, amount: Int64)] = [:]
}

func parse(_ text: String, into reported: inout Reported, fresh: inout [PaymentID]) -> String? {
    for line in text.split(separator: "\n") {
        let f = line.split(separator: " ")
        switch f.first {
        case "P":
            guard f.count == 5, let id = Int64(f[1]), let amount = Int64(f[2]), let lines = Int(f[4]) else { continue }
            reported.payments[PaymentID(rawValue: id)] = (amount, String(f[3]), lines)
            fresh.append(PaymentID(rawValue: id))
        case "R":
            guard f.count == 4, let payment = Int64(f[1]), let refund = Int64(f[2]), let amount = Int64(f[3]) else {
                continue
            }
            reported.refunds[PaymentID(rawValue: payment)] = (refund, amount)
            fresh.append(PaymentID(rawValue: payment))
        case "VIOLATION", "ERROR":
            return String(line)
        default:
            continue
        }
    }
    return nil
}

func runParent() {
    guard let killsText = option("--kills"), let kills = Int(killsText), kills > 0 else {
        FileHandle.standardError.write(
            Data("usage: ledger-torture --kills N [--kills-per-ledger K] [--dir PATH] [--seed S] [--max-delay-ms M]\n".utf8)
        )
        exit(2)
    }
    let perLedgerText = option("--kills-per-ledger")
    guard let perLedger = perLedgerText.map({ Int($0) }) ?? kills, perLedger > 0 else {
        fail("--kills-per-ledger takes a positive whole number, not \(perLedgerText ?? "")")
    }
    let seed = option("--seed").flatMap { UInt64($0) } ?? UInt64(Date().timeIntervalSince1970)
    let maxDelay = option("--max-delay-ms").flatMap { UInt64($0) } ?? 250
    var random = SeededRandom(seed: seed)
    let keep = option("--dir") != nil
    let directory =
        option("--dir").map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("ledger-torture-\(getpid())")
    try? FileManager.default.removeItem(at: directory)
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
        fail("cannot create \(directory.path): \(error)")
    }
    defer { if !keep { try? FileManager.default.removeItem(at: directory) } }
    let ledgers = (kills + perLedger - 1) / perLedger
    print("ledger-torture: \(kills) kills, \(perLedger) per ledger (\(ledgers) ledger\(ledgers == 1 ? "" : "s")), seed \(seed), in \(directory.path)")
    var path = ""
    var reported = Reported()
    var checkpoint: AuditCheckpoint?
    var killedMidWork = 0
    var totalPayments = 0
    var totalRefunds = 0
    let started = Date()
    for round in 1...kills {
        if (round - 1) % perLedger == 0 {
            // A fresh ledger; the previous one passed its full check after its last kill.
            totalPayments += reported.payments.count
            totalRefunds += reported.refunds.count
            let number = (round - 1) / perLedger + 1
            path = directory.appendingPathComponent(ledgers == 1 ? "ledger.sqlite" : "ledger-\(number).sqlite").path
            do { try setUp(path: path) } catch { fail("setup of \(path): \(error.message)") }
            reported = Reported()
            checkpoint = nil
        }
        let outputURL = directory.appendingPathComponent("child.out")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        guard let output = try? FileHandle(forWritingTo: outputURL) else { fail("cannot open \(outputURL.path)") }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).absoluteURL
        child.arguments = ["--child", path, "--seed", String(random.next())]
        child.standardOutput = output
        do { try child.run() } catch { fail("cannot start the child: \(error)") }
        usleep(useconds_t(20_000 + random.next() % (maxDelay * 1000)))
        if child.isRunning { killedMidWork += 1 }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        try? output.close()
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        var fresh: [PaymentID] = []
        if let problem = parse(text, into: &reported, fresh: &fresh) {
            fail("round \(round): the child said \(problem)")
        }
        if child.terminationReason == .exit {
            fail("round \(round): the child exited with status \(child.terminationStatus) before the kill")
        }
        // Reopen and check.
        do {
            let ledger = try SQLiteLedger.open(path: path)
            // Holds live in the killed process's memory: a new one starts with none.
            if try ledger.holdCount() != 0 { fail("round \(round): codes still held after restart") }
            let report = try ledger.consistency()
            if !report.ok {
                fail("round \(round): integrity \(report.integrity); \(report.violations.joined(separator: "; "))")
            }
            // Every payment and refund the child saw confirmed is intact (this round's, and a sample of older ones).
            var sample = fresh
            let all = Array(reported.payments.keys)
            for _ in 0..<min(20, all.count) { sample.append(all[Int(random.next() % UInt64(all.count))]) }
            for id in sample {
                guard let expected = reported.payments[id] else { continue }
                let payment = try ledger.payment(id)
                if payment.amount.rawValue != expected.amount || payment.idempotencyKey.rawValue != expected.key
                    || payment.lines.count != expected.lines
                {
                    fail("round \(round): payment \(id) changed: \(payment) vs \(expected)")
                }
                if let refund = reported.refunds[id] {
                    guard let stored = try ledger.refund(of: id), stored.id.rawValue == refund.refund,
                        stored.amount.rawValue == refund.amount
                    else { fail("round \(round): refund of \(id) lost or changed") }
                }
            }
            for (id, refund) in reported.refunds where fresh.contains(id) {
                guard try ledger.refund(of: id)?.id.rawValue == refund.refund else {
                    fail("round \(round): refund of \(id) lost")
                }
            }
            let audit = try ledger.verifyAudit(from: checkpoint)
            if let bad = audit.firstBad { fail("round \(round): audit entry \(bad.sequence): \(bad.reason)") }
            checkpoint = audit.checkpoint ?? checkpoint
            // Every money row still says what the audit chain says (a crash must not split them).
            if round % 10 == 0 || round == kills || round % perLedger == 0 {
                let money = try ledger.verifyMoney()
                if let finding = money.findings.first { fail("round \(round): money differs from the audit chain: \(finding)") }
            }
            if round % 50 == 0 || round == kills || round % perLedger == 0 {
                print(
                    "round \(round) (ledger \((round - 1) / perLedger + 1)): \(report.payments) payments, \(report.refunds) refunds, paid \(report.paid), refunded \(report.refunded), spent \(report.valueSpent), audit \(checkpoint?.sequence ?? 0) entries, \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
                )
            }
        } catch {
            fail("round \(round): \(error.code): \(error.message)")
        }
    }
    totalPayments += reported.payments.count
    totalRefunds += reported.refunds.count
    print(
        "ledger-torture: OK: \(kills) kills (\(killedMidWork) while working) over \(ledgers) ledger\(ledgers == 1 ? "" : "s"), \(totalPayments) payments and \(totalRefunds) refunds reported by children all intact, no violation"
    )
}

if let index = CommandLine.arguments.firstIndex(of: "--child"), index + 1 < CommandLine.arguments.count {
    runChild(path: CommandLine.arguments[index + 1], seed: option("--seed").flatMap { UInt64($0) } ?? 1)
} else {
    runParent()
}
