import Foundation
import Testing

/// `kioskctl watch` across a kioskd stop: subscribers learn each open session was aborted, then
/// why the connection closes; watch ends with a clear last line and status 3.
@Suite(.serialized) struct WatchStopTests {
    @Test func aWatcherIsToldOfTheStopAndEndsClearly() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        try kiosk.ready("clerk")
        let opened = try kiosk.ctl("session", "open", "--program", "KMTPREMIUM", "--amount", "2000", as: "clerk")
        let session = try #require(opened.output.split(separator: " ").dropFirst().first.map(String.init))
        let watch = Process()
        watch.executableURL = kiosk.binaries.appendingPathComponent("kioskctl")
        watch.arguments = ["--socket", kiosk.socket, "watch"]
        watch.environment = ["XDG_RUNTIME_DIR": kiosk.directory + "/run-clerk"]
        let output = Pipe()
        watch.standardOutput = output
        try watch.run()
        usleep(500_000)  // subscribed
        kiosk.stop(signal: SIGTERM)
        watch.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(watch.terminationStatus == 3, "\(printed)")
        #expect(printed.contains("session \(session)") && printed.contains("aborted"), "\(printed)")
        #expect(printed.contains("[stopping] kioskd is stopping (signal 15)"), "\(printed)")
        let last = printed.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("kioskd: ") || last.hasPrefix("kioskd closed the connection"), "\(printed)")
        #expect(!printed.contains("<null>"), "\(printed)")
    }
}
