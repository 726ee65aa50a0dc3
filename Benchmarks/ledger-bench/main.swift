// ledger-bench: durable confirmations per second and their p99 latency beside the disk's raw
// write+fsync rate measured in the same run; then, with a big ledger, confirm, refund and search times.
//
//   ledger-bench [--dir PATH] [--confirms N] [--rounds R] [--payments M] [--raw-seconds S] [--reports]
//
// --reports adds, with the big ledger, the cost of a yescrypt login, each report's latency and the
// export's rows per second.
import Foundation
import Kiosk

let usage = "usage: ledger-bench [--dir PATH] [--confirms N] [--rounds R] [--payments M] [--raw-seconds S] [--reports]"

/// Refuses an unknown option or a value that is not a number before anything runs.
func checkArguments() {
    let arguments = CommandLine.arguments
    var index = 1
    while index < arguments.count {
        switch arguments[index] {
        case "--help", "-h":
            print(usage)
            exit(0)
        case "--reports": index += 1
        case "--dir", "--confirms", "--rounds", "--payments", "--raw-seconds":
            guard index + 1 < arguments.count, arguments[index] == "--dir" || Int(arguments[index + 1]) != nil else {
                FileHandle.standardError.write(Data("ledger-bench: \(arguments[index]) needs a number\n\(usage)\n".utf8))
                exit(2)
            }
            index += 2
        default:
            FileHandle.standardError.write(Data("ledger-bench: unknown option \(arguments[index])\n\(usage)\n".utf8))
            exit(2)
        }
    }
}
checkArguments()

func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count,
        let value = Int(CommandLine.arguments[index + 1])
    else { return fallback }
    return value
}

/// Unwraps a value built from constants; a `nil` is a bug in this program.
func must<T>(_ value: T?, _ line: Int = #line) -> T {
    guard let value else { fail("a constant at line \(line) is invalid") }
    return value
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ledger-bench: \(message)\n".utf8))
    try? FileManager.default.removeItem(at: directory)  // exit skips the defer below
    exit(1)
}

func seconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

func percentile(_ samples: [Double], _ p: Double) -> Double {
    let sorted = samples.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func ms(_ value: Double) -> String { String(format: "%.3f ms", value * 1000) }

let directory: URL = {
    if let index = CommandLine.arguments.firstIndex(of: "--dir"), index + 1 < CommandLine.arguments.count {
        return URL(fileURLWithPath: CommandLine.arguments[index + 1])
    }
    return FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(getpid())")
}()
let confirms = option("--confirms", 5000)
let bigCount = option("--payments", 1_000_000)
let rawSeconds = option("--raw-seconds", 1)
try? FileManager.default.removeItem(at: directory)
do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
    fail("\(error)")
}
defer { try? FileManager.default.removeItem(at: directory) }

// MARK: 1. The disk's raw rate: append 4 KiB and fsync, as a WAL commit does.

func rawFsyncRate() -> (rate: Double, p99: Double) {
    let path = directory.appendingPathComponent("raw.bin").path
    let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
    guard fd >= 0 else { fail("cannot open \(path): errno \(errno)") }
    defer {
        close(fd)
        unlink(path)
    }
    let block = [UInt8](repeating: 0x5A, count: 4096)
    var samples: [Double] = []
    var offset: off_t = 0
    let start = DispatchTime.now()
    while seconds(start) < Double(rawSeconds) {
        let t = DispatchTime.now()
        let written = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, offset) }
        guard written == 4096, fsync(fd) == 0 else { fail("raw write+fsync failed: errno \(errno)") }
        offset += 4096
        if offset > 64 << 20 { offset = 0 }
        samples.append(seconds(t))
    }
    return (Double(samples.count) / seconds(start), percentile(samples, 0.99))
}

// MARK: 2. A ledger to confirm against.

let secret = Array("bench-secret-0123456789abcdef".utf8)
let paper = must(ProgramCode("BENCH"))
let terminal = must(SiteCode("T1"))
let office = Principal(name: "office", role: .programOffice)
let clerk = Principal(name: "clerk", role: .staff, peerUID: 1000, terminal: terminal)
let codec = VoucherCodec(keys: [must(ProgramKey(program: paper, number: 1, secret: secret))])

func makeLedger(_ name: String, now: Timestamp) throws(LedgerError) -> RelationalLedger {
    let ledger = try SQLiteLedger.open(path: directory.appendingPathComponent(name).path)
    let day: Int64 = 86_400
    try ledger.createProgram(
        Program(
            code: paper,
            number: 1,
            name: "ベンチ商品券",
            kind: .paper,
            unit: 1000,
            faceValue: 1000,
            maximumPerTransaction: 100_000,
            validFrom: now.adding(seconds: -400 * day),
            validUntil: now.adding(seconds: 30 * day),
            redemptionDeadline: now.adding(seconds: 60 * day),
            refundRule: .hoursAfterPayment(24),
            calendar: .semimonthly(
                from: must(LocalDate(year: 2025, month: 1, day: 1)),
                through: must(LocalDate(year: 2028, month: 1, day: 1)),
                payoutDelay: 15
            )
        ),
        by: office,
        now: now
    )
    try ledger.createMerchant(Merchant(code: must(SiteCode("M1")), name: "ベンチ商店"), by: office, now: now)
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
    return ledger
}

/// Confirms `count` one-voucher payments through the desk; returns (per-confirm latencies, whole-path latencies, wall time).
func confirmRun(_ ledger: RelationalLedger, count: Int, tag: String) throws(LedgerError) -> ([Double], [Double], Double) {
    let serials = try ledger.issueVouchers(program: paper, count: count, by: office, now: .now())
    let desk = RedemptionDesk(ledger: ledger, codec: codec)
    // What the camera would read off each voucher: printing it is not the kiosk's work.
    let payloads = try serials.map { serial throws(LedgerError) in
        (serial, try codec.voucherPayload(program: paper, serial: serial))
    }
    var confirmTimes: [Double] = []
    var pathTimes: [Double] = []
    let start = DispatchTime.now()
    for (serial, payload) in payloads {
        let t0 = DispatchTime.now()
        let session = try desk.open(program: paper, amount: 1000, terminal: terminal, now: .now())
        _ = try desk.present(.scanned(payload), to: session.id, by: .system, now: .now())
        let t1 = DispatchTime.now()
        _ = try desk.confirm(
            session.id,
            idempotencyKey: must(IdempotencyKey("\(tag)-\(serial)")),
            by: clerk,
            now: .now()
        )
        confirmTimes.append(seconds(t1))
        pathTimes.append(seconds(t0))
    }
    return (confirmTimes, pathTimes, seconds(start))
}

do throws(LedgerError) {
    print("ledger-bench: directory \(directory.path)")
    // Raw and confirm phases alternate, so a disk whose speed drifts (shared machines) is measured
    // at the same times for both; the ratio is of the totals, and each round's is shown too.
    let rounds = max(1, option("--rounds", 6))
    let small = try makeLedger("small.sqlite", now: .now())
    var rawOps = 0.0
    var rawTime = 0.0
    var rawP99: [Double] = []
    var confirmTimes: [Double] = []
    var pathTimes: [Double] = []
    var confirmWall = 0.0
    var ratios: [Double] = []
    for round in 0..<rounds {
        let raw = rawFsyncRate()
        rawOps += raw.rate * Double(rawSeconds)
        rawTime += Double(rawSeconds)
        rawP99.append(raw.p99)
        let (times, paths, wall) = try confirmRun(small, count: max(1, confirms / rounds), tag: "small\(round)")
        confirmTimes += times
        pathTimes += paths
        confirmWall += wall
        let rate = Double(times.count) / wall
        ratios.append(rate / raw.rate)
        print(
            String(
                format: "round %d: raw write+fsync %.0f /s, durable confirmations %.0f /s (%.0f%%)",
                round + 1,
                raw.rate,
                rate,
                rate / raw.rate * 100
            )
        )
    }
    let rawRate = rawOps / rawTime
    let rate = Double(confirmTimes.count) / confirmWall
    print(
        String(
            format: "raw 4 KiB write+fsync: %.0f /s (p99 %@), %d s in %d rounds",
            rawRate,
            ms(percentile(rawP99, 0.5)),
            rawSeconds * rounds,
            rounds
        )
    )
    print(
        String(
            format:
                "durable confirmations (open + scan + hold + confirm, one voucher, synchronous=FULL): %.0f /s = %.0f%% of raw (median round %.0f%%); confirm p50 %@ p99 %@; whole path p50 %@ p99 %@ (%d payments)",
            rate,
            rate / rawRate * 100,
            percentile(ratios, 0.5) * 100,
            ms(percentile(confirmTimes, 0.5)),
            ms(percentile(confirmTimes, 0.99)),
            ms(percentile(pathTimes, 0.5)),
            ms(percentile(pathTimes, 0.99)),
            confirmTimes.count
        )
    )

    // What a confirmation and a refund write: WAL frames (a page and a 24-byte header) of 40 of each on the small
    // ledger, counted from an empty log (schema 3 adds the report summary's leaf page to a confirm
    // and two to a refund).
    try small.checkpoint()
    let (framed, _, _) = try confirmRun(small, count: 40, tag: "frames")
    let confirmFrames = try small.walFrames()
    try small.checkpoint()
    let framedPayments = try small.findPayments(PaymentQuery(date: small.timeZone.localDate(of: .now()), limit: 40))
    for payment in framedPayments {
        _ = try small.refund(
            RefundRequest(
                payment: payment.id,
                idempotencyKey: must(IdempotencyKey("frames-refund-\(payment.id.rawValue)")),
                principal: office,
                now: .now()
            )
        )
    }
    let refundFrames = try small.walFrames()
    let frameBytes = try small.pageSize() + 24
    print(
        String(
            format: "WAL frames of %d-byte pages: %.1f per confirmed session (hold + confirm) = %.1f KiB, %.1f per refund",
            frameBytes - 24,
            Double(confirmFrames) / Double(framed.count),
            Double(confirmFrames * frameBytes) / Double(framed.count) / 1024,
            Double(refundFrames) / Double(max(1, framedPayments.count))
        )
    )

    guard bigCount > 0 else { exit(0) }
    let now = Timestamp.now()
    let big = try makeLedger("big.sqlite", now: now)
    let loadStart = DispatchTime.now()
    let year = now.adding(seconds: -365 * 86_400)..<now.adding(seconds: -3600)
    try big.loadSyntheticPayments(count: bigCount, program: paper, terminal: terminal, period: year, by: clerk)
    print(String(format: "loaded %d synthetic payments in %.1f s", bigCount, seconds(loadStart)))

    let (bigConfirms, _, _) = try confirmRun(big, count: 500, tag: "big")
    print(
        "with \(bigCount) payments: confirm p50 \(ms(percentile(bigConfirms, 0.5))) p99 \(ms(percentile(bigConfirms, 0.99)))"
    )

    var random = SystemRandomNumberGenerator()
    var refundTimes: [Double] = []
    var refunded = Set<Int64>()
    while refunded.count < min(500, bigCount / 2) { refunded.insert(Int64.random(in: 1...Int64(bigCount), using: &random)) }
    for (index, number) in refunded.enumerated() {
        let id = PaymentID(rawValue: number)
        let t = DispatchTime.now()
        _ = try big.refund(
            RefundRequest(
                payment: id,
                idempotencyKey: must(IdempotencyKey("bench-refund-\(index)-\(id.rawValue)")),
                principal: office,
                now: .now()
            )
        )
        refundTimes.append(seconds(t))
    }
    print(
        "with \(bigCount) payments: refund p50 \(ms(percentile(refundTimes, 0.5))) p99 \(ms(percentile(refundTimes, 0.99)))"
    )

    var byID: [Double] = []
    for _ in 0..<2000 {
        let id = PaymentID(rawValue: Int64.random(in: 1...Int64(bigCount), using: &random))
        let t = DispatchTime.now()
        let found = try big.findPayments(PaymentQuery(id: id))
        byID.append(seconds(t))
        if found.count != 1 { fail("payment \(id) not found") }
    }
    print("with \(bigCount) payments: find by id p50 \(ms(percentile(byID, 0.5))) p99 \(ms(percentile(byID, 0.99)))")

    var byDate: [Double] = []
    var rows = 0
    for _ in 0..<300 {
        let day = big.timeZone.localDate(
            of: Timestamp(
                rawValue: Int64.random(in: year.lowerBound.rawValue..<year.upperBound.rawValue, using: &random)
            )
        )
        let t = DispatchTime.now()
        rows += try big.findPayments(PaymentQuery(date: day, limit: 100)).count
        byDate.append(seconds(t))
    }
    print(
        "with \(bigCount) payments: find by date (newest 100 of the day) p50 \(ms(percentile(byDate, 0.5))) p99 \(ms(percentile(byDate, 0.99))), \(rows / 300) rows each"
    )

    var byAmount: [Double] = []
    for _ in 0..<100 {
        let day = big.timeZone.localDate(
            of: Timestamp(
                rawValue: Int64.random(in: year.lowerBound.rawValue..<year.upperBound.rawValue, using: &random)
            )
        )
        let t = DispatchTime.now()
        _ = try big.findPayments(PaymentQuery(date: day, amount: 1000, limit: 100))
        byAmount.append(seconds(t))
    }
    print(
        "with \(bigCount) payments: find by date and amount p50 \(ms(percentile(byAmount, 0.5))) p99 \(ms(percentile(byAmount, 0.99)))"
    )
    if CommandLine.arguments.contains("--reports") {
        loginBench(big, now: now)
        try reportsBench(big, program: paper, now: now, directory: directory)
    }
    let verifyStart = DispatchTime.now()
    let audit = try big.verifyAudit(from: nil)
    print(
        String(
            format: "with %d payments: audit verify of %lld entries: %.1f s, %@",
            bigCount,
            audit.checked,
            seconds(verifyStart),
            audit.ok ? "ok" : "BAD"
        )
    )
} catch {
    fail("\(error.code): \(error.message)")
}
