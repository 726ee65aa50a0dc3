import Foundation
import Kiosk
import Testing

@testable import kioskd

/// The notification command runs off the desk, with a clean signal state, and its whole process
/// group ends at the timeout.
extension ControlSocketTests {
    /// Waits (up to `seconds`, polling) until `condition` holds; returns whether it did.
    func eventually(within seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Pays 1,000 yen with the first demo voucher, which writes one outbox event.
    func payOnce(_ client: Client, codes: [String]) throws {
        try client.login("clerk")
        let opened = try #require(try client.call(#"{"id":1,"op":"session.open","program":"KMTPREMIUM","amount":1000}"#))
        let session = try #require(opened.result?.session?.session)
        _ = try client.call(#"{"id":2,"op":"session.present","session":"\#(session)","code":"\#(codes[0])"}"#)
        let paid = try client.call(#"{"id":3,"op":"session.confirm","session":"\#(session)","idempotency_key":"n-1"}"#)
        try #require(paid?.result?.payment != nil, "confirm: \(String(describing: paid))")
    }

    @Test func aHangingNotificationCommandThatForksNeitherHoldsTheDeskNorOutlivesItsTimeout() throws {
        var scratch = ""
        try withDaemon(configure: { config, directory in
            scratch = directory
            let script = """
                #!/bin/sh
                sleep 300 &
                echo $! > \(directory)/child.pid
                echo $$ > \(directory)/leader.pid
                sleep 300
                """
            _ = FileManager.default.createFile(atPath: directory + "/notify.sh", contents: Data(script.utf8))
            config.notifyCommand = "/bin/sh \(directory)/notify.sh"
            config.notifyTimeout = .seconds(3)
        }) { daemon, path, codes in
            let client = try Client(path: path)
            try payOnce(client, codes: codes)
            // The housekeeping timer's own work, on the desk queue, as every 5 s in a running kioskd.
            daemon.deskQueue.async { daemon.housekeep() }
            let pidFile = { (name: String) in
                (try? String(contentsOfFile: "\(scratch)/\(name).pid", encoding: .utf8))
                    .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            try #require(eventually { pidFile("leader") != nil && pidFile("child") != nil }, "the command never started")
            let leader = try #require(pidFile("leader"))
            let child = try #require(pidFile("child"))
            #expect(daemon.notifications?.runningGroup == leader, "the command leads its own process group")

            // While the command hangs, another client is answered (the desk is not waiting on it).
            let other = try Client(path: path)
            let status = try other.call(#"{"id":"s","op":"status"}"#)
            #expect(status?.result != nil, "status while the command hangs: \(String(describing: status))")
            #expect(GroupedCommand.groupHasLiveMembers(leader), "the command still runs when status is answered")

            // The child the command forked starts with nothing blocked.
            let procStatus = try String(contentsOfFile: "/proc/\(child)/status", encoding: .utf8)
            let blocked = procStatus.split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
            #expect(blocked?.split(separator: "\t").last.map { UInt64($0, radix: 16) } == 0, "\(String(describing: blocked))")

            // At the timeout the whole group ends: the command and the child it left behind.
            #expect(eventually { !GroupedCommand.groupHasLiveMembers(leader) }, "the process group outlived the timeout")
            #expect(eventually { daemon.notifications?.runningGroup == nil })
            let failing = try daemon.ledger.failingOutboxEvents(limit: 10)
            #expect(failing.count == 1 && failing.first?.lastError?.contains("timed out") == true, "\(failing)")
        }
    }
}
