import Foundation
import Synchronization
import TestSupport
import Testing

@testable import kioskd

/// sd_notify from the desk queue never waits for systemd.
@Suite struct SystemdNotifierTests {
    @Test func aNotifySocketNobodyReadsNeverBlocksTheSender() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString).sock").path
        defer { unlink(path) }
        let fd = try #require(UnixSocket.bound(to: path, type: Int32(SOCK_DGRAM.rawValue)))
        defer { close(fd) }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        let done = DispatchSemaphore(value: 0)
        let refused = Mutex(0)
        Thread.detachNewThread {
            // The socket's queue holds 10 datagrams by default (net.unix.max_dgram_qlen); 100 overflow it.
            for _ in 0..<100 {
                do throws(SystemdNotifier.NotifyError) { try notifier.send(["WATCHDOG=1"]) } catch { refused.withLock { $0 += 1 } }
            }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 20) == .success, "sending to a full notify socket blocked")
        #expect(refused.withLock { $0 } > 0, "the overflowing pings were dropped with an error, not queued")
    }
}
