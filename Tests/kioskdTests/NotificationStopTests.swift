import Foundation
import Kiosk
import Testing

/// A running kioskd whose notification command hangs: SIGTERM still stops it, and the command's
/// process group goes with it.
extension EndToEndTests {
    @Test func sigtermStopsKioskdWhileTheNotificationCommandHangsAndEndsItsGroup() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kioskd-notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let script = "#!/bin/sh\nsleep 300 &\necho $! > \(scratch)/child.pid\necho $$ > \(scratch)/leader.pid\nsleep 300\n"
        _ = FileManager.default.createFile(atPath: scratch + "/notify.sh", contents: Data(script.utf8))
        let kiosk = try Kiosk(camera: false, extraConfig: "\n[notify]\ncommand = /bin/sh \(scratch)/notify.sh\ntimeout = 10min\n")
        try kiosk.start()
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
