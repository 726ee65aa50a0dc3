import Foundation
import Kiosk
import Synchronization
import TestSupport
import Testing

/// A running kioskd whose notification command hangs: the watchdog is still fed, SIGTERM still
/// stops it, and the command's process group goes with it.
extension EndToEndTests {
    /// A datagram socket standing in for systemd's notify socket, read all the time by a thread
    /// of its own as systemd would.
    final class NotifySocket: Sendable {
        let fd: Int32
        let path: String
        let received = Mutex<[String]>([])

        init(path: String) throws {
            self.path = path
            fd = try #require(UnixSocket.bound(to: path, type: Int32(SOCK_DGRAM.rawValue)))
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            Thread.detachNewThread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if count > 0 {
                        let message = String(decoding: buffer[0..<count], as: UTF8.self)
                        received.withLock { $0.append(message) }
                    } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                        return  // closed
                    }
                }
            }
        }

        /// Shuts the socket down, which ends the reading thread.
        func stop() { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    @Test func sigtermStopsKioskdWhileTheNotificationCommandHangsAndEndsItsGroup() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kioskd-notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let script = "#!/bin/sh\nsleep 300 &\necho $! > \(scratch)/child.pid\necho $$ > \(scratch)/leader.pid\nsleep 300\n"
        _ = FileManager.default.createFile(atPath: scratch + "/notify.sh", contents: Data(script.utf8))
        let kiosk = try Kiosk(camera: false, extraConfig: "\n[notify]\ncommand = /bin/sh \(scratch)/notify.sh\ntimeout = 10min\n")
        let notifySocket = try NotifySocket(path: scratch + "/notify.sock")
        defer { notifySocket.stop() }
        try kiosk.start(environment: ["NOTIFY_SOCKET": notifySocket.path, "WATCHDOG_USEC": "1000000"])
        try kiosk.ready("clerk")
        let opened = try #require(try kiosk.json("session", "open", "--program", "KMTPREMIUM", "--amount", "1000", as: "clerk") as? [String: Any])
        let session = try #require(opened["session"] as? String)
        #expect(try kiosk.ctl("session", "present", session, try kiosk.vouchers()[0][1], as: "clerk").status == 0)
        #expect(try kiosk.ctl("session", "confirm", session, "--key", "n-1", as: "clerk").status == 0)
        // Housekeeping starts the command within 5 s; it hangs for 10 minutes.
        let leader: Int32? = {
            for _ in 0..<300 {
                if let text = try? String(contentsOfFile: scratch + "/leader.pid", encoding: .utf8),
                    let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                    FileManager.default.fileExists(atPath: scratch + "/child.pid")
                {
                    return pid
                }
                usleep(50_000)
            }
            return nil
        }()
        let group = try #require(leader, "the notification command never started")
        #expect(try kiosk.ctl("status").status == 0, "kioskd answers while the command hangs")
        // The watchdog (fed from the desk queue every 0.5 s here) keeps being fed while it hangs.
        let before = notifySocket.received.withLock { $0.count }
        var fed = false
        for _ in 0..<200 where !fed {  // up to 10 s
            fed = notifySocket.received.withLock { $0.dropFirst(before).contains { $0.contains("WATCHDOG=1") } }
            if !fed { usleep(50_000) }
        }
        #expect(fed, "no watchdog ping while the notification command hung")
        #expect(GroupedCommand.groupHasLiveMembers(group), "the command still hangs after the ping")
        let daemon = try #require(kiosk.daemon)
        kill(daemon.processIdentifier, SIGTERM)
        var stopped = false
        for _ in 0..<200 where !stopped {  // up to 10 s
            stopped = !daemon.isRunning
            if !stopped { usleep(50_000) }
        }
        #expect(stopped, "kioskd did not stop on SIGTERM while the command hung")
        if stopped { #expect(daemon.terminationStatus == 0) }
        var gone = false
        for _ in 0..<200 where !gone {
            gone = !GroupedCommand.groupHasLiveMembers(group)
            if !gone { usleep(50_000) }
        }
        #expect(gone, "the command's process group outlived kioskd")
        if !gone { kill(-group, SIGKILL) }
    }
}
