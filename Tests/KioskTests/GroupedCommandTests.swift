import Foundation
import Testing

@testable import Kiosk

/// A notification command's process group: a clean signal state, and nothing left behind.
@Suite struct GroupedCommandTests {
    /// A scratch directory removed after the test.
    func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grouped-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aCommandThatExitsLeavingAChildBehindHasItsGroupEnded() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The child ignores nothing and blocks nothing: SIGTERM ends it.
        let command = GroupedCommand(
            arguments: ["/bin/sh", "-c", "sleep 300 & echo $! > \(directory)/child.pid; grep -E '^Sig(Blk|Ign)' /proc/self/status > \(directory)/signals"],
            timeout: .seconds(60)
        )
        var group: Int32 = 0
        let outcome = try command.run(stdin: 0, stderr: 2) { group = $0 }
        #expect(outcome == .exited(0))
        #expect(!GroupedCommand.groupHasLiveMembers(group), "the sleep the command left behind was ended with its group")
        let signals = try String(contentsOfFile: directory + "/signals", encoding: .utf8)
        #expect(signals.contains("SigBlk:\t0000000000000000"), "\(signals)")
        // Of the standard signals (1-31) none is ignored; 32 and up are glibc's own, which it keeps.
        let ignored = signals.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }?.split(separator: "\t").last
        #expect(ignored.flatMap { UInt64($0, radix: 16) }.map { $0 & 0x7fff_ffff } == 0, "\(signals)")
    }

    @Test func aCommandThatCannotStartSaysWhy() {
        let command = GroupedCommand(arguments: ["/nonexistent/notify"], timeout: .seconds(1))
        #expect(throws: CommandError(command: "/nonexistent/notify", errno: ENOENT)) {
            try command.run(stdin: 0, stderr: 2)
        }
    }
}
