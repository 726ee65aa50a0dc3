import Foundation
import Kiosk
import Testing

@testable import kioskd

/// Runs a real daemon (demo ledger, control socket) in-process and talks to it over the socket.
@Suite(.serialized) final class ControlSocketTests {
    /// The demo accounts' initial passwords, from accounts.txt.
    var initialPasswords: [String: String] = [:]

    /// The password every demo account has after `withDaemon` changed its initial one.
    static let ready = "Ready-pass-1"

    func withDaemon(
        limits: ControlLimits = ControlLimits(),
        socketMode: mode_t = 0o600,
        confirmation: ConfirmationPolicy = .operator,
        configure: (inout DaemonConfig, String) -> Void = { _, _ in },
        _ body: (Daemon, String, [String]) throws -> Void
    ) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kioskd-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try DemoSetup.run(directory: directory)
        var config = try DaemonConfig.load(path: directory + "/kioskd.conf")
        config.limits = limits
        config.socketMode = socketMode
        config.confirmation = confirmation
        config.logLevel = .error
        configure(&config, directory)
        let daemon = try Daemon(config: config, path: directory + "/kioskd.conf")
        initialPasswords = [:]
        for line in try String(contentsOfFile: directory + "/accounts.txt", encoding: .utf8).split(separator: "\n")
        where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            initialPasswords[fields[0]] = fields[2]
            if fields[0] == "office" { continue }  // left with its initial password for the tests of that rule
            let login = try daemon.accounts.login(name: fields[0], password: fields[2], peerUID: 0, now: .now())
            try daemon.accounts.changePassword(token: login.token, current: fields[2], new: Self.ready, now: .now())
        }
        daemon.server.start()
        defer { daemon.server.stop() }
        let vouchers = try String(contentsOfFile: directory + "/vouchers.txt", encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").map(String.init) }
        try body(daemon, config.socketPath, vouchers.map { $0[1] } + vouchers.map { $0[2] })
    }

    @Test func aSessionRunsFromOpenToConfirmOnce() throws {
        try withDaemon { daemon, path, codes in
            let client = try Client(path: path)
            try client.login("clerk")
            let opened = try #require(try client.call(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":2000}"#))
            #expect(opened.result != nil)
            let session = try #require(opened.result?.session?.session)
            let first = try client.call(#"{"id":2,"op":"session.present","session":"\#(session)","code":"\#(codes[0])"}"#)
            #expect(first?.result?.session?.missing == 1000)
            // The same code again counts once.
            let again = try client.call(#"{"id":3,"op":"session.present","session":"\#(session)","code":"\#(codes[0])"}"#)
            #expect(again?.result?.session?.total == 1000)
            // A typed fallback code reaches the second voucher.
            let typed = try client.call(#"{"id":4,"op":"session.present","session":"\#(session)","code":"\#(codes[11])","typed":true}"#)
            #expect(typed?.result?.session?.state == "complete")
            let confirm = #"{"id":5,"op":"session.confirm","session":"\#(session)","idempotency_key":"pos-77"}"#
            let paid = try #require(try client.call(confirm)?.result?.payment)
            let retried = try #require(try client.call(confirm)?.result?.payment)
            #expect(paid.payment == retried.payment)
            #expect(paid.amount == 2000)
            let balance = try client.call(#"{"id":6,"op":"balance","code":"\#(codes[0])"}"#)?.result?.balance
            #expect(balance?.state == "spent")
            #expect(balance?.spentIn == paid.payment)
            // The audit log names the account and the peer's uid.
            let entry = try #require(try daemon.ledger.auditEntries(after: 0, limit: 10_000).last { $0.action == "payment.confirmed" })
            #expect(entry.actor == "clerk" && entry.role == .staff && entry.peerUID == getuid())
        }
    }

    @Test func badRequestsGetErrorsAndChangeNothing() throws {
        try withDaemon { daemon, path, codes in
            let client = try Client(path: path)
            #expect(try client.refusal("garbage") == "bad_request")
            #expect(try client.refusal(#"{"id":1,"op":"fly"}"#) == "unknown_op")
            // No login, a made-up token, a wrong password: nothing happens.
            #expect(try client.refusal(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1000}"#) == "not_logged_in")
            let madeUp = String(repeating: "ab", count: 32)
            #expect(try client.refusal(#"{"id":1,"op":"balance","code":"x","token":"\#(madeUp)"}"#) == "not_logged_in")
            #expect(try client.refusal(#"{"id":1,"op":"login","name":"clerk","password":"Wrong-pass-1"}"#) == "wrong_credentials")
            #expect(try client.refusal(#"{"id":1,"op":"login","name":"clerk"}"#) == "bad_request")
            #expect(try client.refusal(#"{"id":1,"op":"login","name":"clerk","password":7}"#) == "bad_request")
            #expect(try client.refusal(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":"1000"}"#) == "bad_request")
            #expect(try client.refusal(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1000,"token":5}"#) == "bad_request")
            try client.login("clerk")
            // A staff account may not manage accounts.
            #expect(try client.refusal(#"{"id":1,"op":"account.list"}"#) == "forbidden")
            let odd = try client.refusal(#"{"id":2,"op":"session.open","program":"KMTPREMIUM","amount":1500}"#)
            #expect(odd == "amount_not_multiple_of_unit")
            let forged = codes[0].dropLast(4) + "AAAA"
            #expect(try client.refusal(#"{"id":3,"op":"balance","code":"\#(forged)"}"#) == "code_check_failed")
            #expect(daemon.desk.openSessions().isEmpty)
            #expect(try daemon.ledger.holdCount() == 0)
            // The connection still works after every refusal.
            #expect(try client.succeeds(#"{"id":4,"op":"status"}"#))
        }
    }

    @Test func anOversizedLineIsRefusedAndTheConnectionClosed() throws {
        try withDaemon(limits: ControlLimits(maximumLineBytes: 1024)) { _, path, _ in
            let client = try Client(path: path)
            client.send(String(repeating: "x", count: 4096))
            let reply = try client.readReply()
            #expect(reply?.error?.code == "line_too_long")
            #expect(try client.readReply() == nil)
        }
    }

    @Test func clientsPastTheLimitAreToldWhy() throws {
        try withDaemon(limits: ControlLimits(maximumClients: 1)) { _, path, _ in
            let first = try Client(path: path)
            #expect(try first.succeeds(#"{"id":1,"op":"status"}"#))
            let second = try Client(path: path)
            #expect(try second.readReply()?.error?.code == "too_many_clients")
        }
    }

    @Test func subscribersSeeSessionEvents() throws {
        try withDaemon { _, path, _ in
            let watcher = try Client(path: path)
            try watcher.login("clerk")
            #expect(try watcher.succeeds(#"{"id":1,"op":"events.subscribe"}"#))
            let operator_ = try Client(path: path)
            try operator_.login("clerk")
            #expect(try operator_.succeeds(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1000}"#))
            let event = try watcher.readEvent()
            #expect(event?.event?.session != nil, "\(String(describing: event))")
            #expect(event?.event?.session?.state == "collecting")
        }
    }

    @Test func accountsFollowTheirRulesOverTheSocket() throws {
        try withDaemon { daemon, path, _ in
            let office = try Client(path: path)
            let initial = try #require(initialPasswords["office"])
            let login = try #require(
                try office.call(#"{"id":1,"op":"login","name":"office","password":"\#(initial)"}"#)?.result?.login
            )
            #expect(login.mustChangePassword == true)
            #expect(login.role == "program_office")
            let token = login.token
            // Nothing but a password change until the initial password is changed.
            #expect(try office.refusal(#"{"id":2,"op":"account.list"}"#) == "password_change_required")
            #expect(
                try office.refusal(#"{"id":3,"op":"password.change","current_password":"\#(initial)","new_password":"short"}"#)
                    == "password_rejected"
            )
            #expect(
                try office.succeeds(#"{"id":4,"op":"password.change","current_password":"\#(initial)","new_password":"Office-new-1"}"#)
            )
            // The token also works from another connection.
            let other = try Client(path: path)
            let accounts = try #require(try other.call(#"{"id":5,"op":"account.list","token":"\#(token)"}"#)?.result?.accounts)
            #expect(accounts.map(\.name) == ["clerk", "manager", "office"])
            // A manager creates staff but not managers.
            let manager = try Client(path: path)
            try manager.login("manager")
            #expect(
                try manager.succeeds(#"{"id":6,"op":"account.create","name":"sato","role":"staff","initial_password":"Sato-init-1"}"#)
            )
            #expect(
                try manager.refusal(#"{"id":7,"op":"account.create","name":"boss","role":"manager","initial_password":"Boss-init-1"}"#)
                    == "forbidden"
            )
            #expect(
                try manager.refusal(#"{"id":8,"op":"account.create","name":"sato","role":"staff","initial_password":"Sato-init-1"}"#)
                    == "account_exists"
            )
            #expect(
                try manager.refusal(#"{"id":9,"op":"account.create","name":"x y","role":"king","initial_password":"Sato-init-1"}"#)
                    == "bad_request"
            )
            // Logout ends the login on every connection.
            #expect(try office.succeeds(#"{"id":10,"op":"logout"}"#))
            #expect(try other.refusal(#"{"id":11,"op":"account.list","token":"\#(token)"}"#) == "not_logged_in")
            let names = try daemon.ledger.auditEntries(after: 0, limit: 10_000).filter { $0.action == "account.created" }.map(\.subject)
            #expect(names.contains("sato") && !names.contains("boss"))
        }
    }

    @Test func refundsIssuanceAndAuditFollowTheRoles() throws {
        try withDaemon { daemon, path, codes in
            let clerk = try Client(path: path)
            try clerk.login("clerk")
            let opened = try #require(try clerk.call(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1000}"#)?.result?.session)
            let session = opened.session
            _ = try clerk.call(#"{"id":2,"op":"session.present","session":"\#(session)","code":"\#(codes[3])"}"#)
            let paid = try #require(
                try clerk.call(#"{"id":3,"op":"session.confirm","session":"\#(session)","idempotency_key":"pay-r"}"#)?.result?.payment
            )
            let payment = paid.payment
            // Staff may not refund or search for refunds.
            #expect(try clerk.refusal(#"{"id":4,"op":"refund.search","payment":"\#(payment)"}"#) == "forbidden")
            #expect(try clerk.refusal(#"{"id":5,"op":"refund.confirm","payment":"\#(payment)","idempotency_key":"r1"}"#) == "forbidden")

            let manager = try Client(path: path)
            try manager.login("manager")
            let found = try #require(try manager.call(#"{"id":6,"op":"refund.search","payment":"\#(payment)"}"#)?.result?.payments)
            #expect(found.count == 1)
            let preview = try #require(try manager.call(#"{"id":7,"op":"refund.preview","payment":"\#(payment)"}"#)?.result?.refund)
            #expect(preview.allowed == true && preview.total == 1000)
            let refund = #"{"id":8,"op":"refund.confirm","payment":"\#(payment)","idempotency_key":"r1","memo":"customer changed mind"}"#
            let done = try #require(try manager.call(refund)?.result?.refund)
            let again = try #require(try manager.call(refund)?.result?.refund)
            #expect(done.refund != nil && done.refund == again.refund)
            #expect(try manager.refusal(#"{"id":9,"op":"refund.confirm","payment":"\#(payment)","idempotency_key":"r2"}"#) == "already_refunded")
            #expect(try manager.refusal(#"{"id":10,"op":"refund.preview","payment":"P999"}"#) == "unknown_payment")
            #expect(try manager.refusal(#"{"id":10,"op":"refund.preview","payment":"yesterday"}"#) == "bad_request")
            let balance = try clerk.call(#"{"id":11,"op":"balance","code":"\#(codes[3])"}"#)?.result?.balance
            #expect(balance?.state == "unspent")
            // Programs and issuance are the program office's.
            #expect(try manager.refusal(#"{"id":12,"op":"issue.vouchers","program":"KMTPREMIUM","count":5}"#) == "forbidden")
            let audit = try #require(try manager.call(#"{"id":13,"op":"audit.verify"}"#)?.result?.audit)
            #expect(audit.ok)
            let office = try Client(path: path)
            let initial = try #require(initialPasswords["office"])
            _ = try office.call(#"{"id":14,"op":"login","name":"office","password":"\#(initial)"}"#)
            _ = try office.call(#"{"id":15,"op":"password.change","current_password":"\#(initial)","new_password":"Office-new-1"}"#)
            let issued = try #require(try office.call(#"{"id":16,"op":"issue.vouchers","program":"KMTPREMIUM","count":5}"#)?.result?.issuedVouchers)
            #expect(issued.first == 11 && issued.last == 15)
            #expect(try office.refusal(#"{"id":17,"op":"issue.vouchers","program":"KMTPREMIUM","count":0}"#) == "bad_request")
            let create = #"{"id":19,"op":"program.create","program":"SPRING27","number":7,"name":"春のプレミアム券","kind":"paper","unit":500,"face_value":500,"maximum_per_transaction":50000,"valid_from":"2027-03-01","valid_until":"2027-05-31","redemption_deadline":"2027-06-15","refund_hours":48}"#
            #expect(try manager.refusal(create) == "forbidden")
            let created = try #require(try office.call(create)?.result?.program)
            #expect(created.refundRule == "48 hours after payment")
            #expect(created.validFrom == "2027-02-28T15:00:00.000000Z")  // midnight in Tokyo
            #expect(try office.refusal(create) == "duplicate")
            let backwards = create.replacingOccurrences(of: "SPRING27", with: "BACK27").replacingOccurrences(of: #""number":7"#, with: #""number":8"#)
                .replacingOccurrences(of: "2027-05-31", with: "2027-02-01")
            #expect(try office.refusal(backwards) == "invalid_program")
            let programs = try #require(try office.call(#"{"id":18,"op":"program.list"}"#)?.result?.programs)
            #expect(programs.count == 3)
            // An explicit schedule of closings and payouts (002 1-1), listed by the year they close in.
            let scheduled = create.replacingOccurrences(of: "SPRING27", with: "WINTER27").replacingOccurrences(of: #""number":7"#, with: #""number":9"#)
                .replacingOccurrences(of: "2027-03-01", with: "2027-12-01").replacingOccurrences(of: "2027-05-31", with: "2028-01-31")
                .replacingOccurrences(of: "2027-06-15", with: "2028-02-15")
            let schedule = #","schedule":[{"closing":"2027-12-15","payout":"2027-12-28"},{"closing":"2027-12-31","payout":"2028-01-14"},{"closing":"2028-01-31","payout":"2028-02-10"}]}"#
            _ = try #require(try office.call(String(scheduled.dropLast()) + schedule)?.result?.program)
            let y2028 = try #require(try office.call(#"{"id":20,"op":"report.settlement","program":"WINTER27","year":2028}"#)?.result?.settlement)
            let periods = y2028.periods
            #expect(periods.map(\.closing) == ["2028-01-31"] && periods.first?.payout == "2028-02-10")
            let all = try #require(try office.call(#"{"id":21,"op":"report.settlement","program":"WINTER27"}"#)?.result?.settlement)
            #expect(all.periods.map(\.payout) == ["2027-12-28", "2028-01-14", "2028-02-10"])
            let short = schedule.replacingOccurrences(of: #",{"closing":"2028-01-31","payout":"2028-02-10"}"#, with: "")
            #expect(try office.refusal(String(scheduled.dropLast()).replacingOccurrences(of: "WINTER27", with: "SHORT27") + short) == "bad_request")
            let both = String(scheduled.dropLast()).replacingOccurrences(of: "WINTER27", with: "BOTH27") + #","payout_delay":5"# + schedule
            #expect(try office.refusal(both) == "bad_request")
            let unordered = schedule.replacingOccurrences(of: "2027-12-15", with: "2028-01-01")
            #expect(try office.refusal(String(scheduled.dropLast()).replacingOccurrences(of: "WINTER27", with: "ODD27") + unordered) == "bad_request")
            #expect(try office.refusal(#"{"id":22,"op":"report.settlement","program":"WINTER27","year":27}"#) == "bad_request")
            #expect(try daemon.ledger.verifyAudit(from: nil).firstBad == nil)
        }
    }

    /// Runs the kioskctl binary built beside this test bundle as another user (setpriv).
    static func kioskctl(asUID uid: Int, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let kioskctl = bundle.appendingPathComponent("kioskctl").path
        try #require(FileManager.default.isExecutableFile(atPath: kioskctl), "kioskctl is built beside the tests")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", kioskctl] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aUidNotInTheAccessListIsRefused() throws {
        try withDaemon(socketMode: 0o666) { daemon, path, _ in
            let refused = try Self.kioskctl(asUID: 65_534, ["--socket", path, "session", "open", "--program", "KMTPREMIUM", "--amount", "1000"])
            #expect(refused.status == 1)
            #expect(refused.output.contains("access_denied"))
            #expect(daemon.desk.openSessions().isEmpty)
            // Root may always connect, through the same binary.
            let root = try Self.kioskctl(asUID: 0, ["--socket", path, "status"])
            #expect(root.status == 0)
            #expect(root.output.contains("open_sessions"))
        }
    }

    @Test func aBrokenConfigOnReloadKeepsTheRunningOne() throws {
        try withDaemon { daemon, path, _ in
            let client = try Client(path: path)
            try "[limits]\nmax_clients = lots\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            daemon.deskQueue.sync { daemon.reload() }
            // Still serving, with the old limits: a second and third client are admitted.
            #expect(try client.succeeds(#"{"id":1,"op":"status"}"#))
            let second = try Client(path: path)
            #expect(try second.succeeds(#"{"id":2,"op":"status"}"#))
            // A valid file with one client allowed takes effect for new clients.
            try "[limits]\nmax_clients = 2\n".write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
            daemon.deskQueue.sync { daemon.reload() }
            let third = try Client(path: path)
            #expect(try third.readReply()?.error?.code == "too_many_clients")
        }
    }
}
