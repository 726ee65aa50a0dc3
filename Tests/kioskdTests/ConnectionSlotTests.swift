import Foundation
import Kiosk
import Testing

@testable import kioskd

/// Connection slots: one uid cannot take them all, and connections that never log in do not keep
/// them long.
extension ControlSocketTests {
    /// kioskctl built beside the tests, run as uid and gid 65534 (nobody) with setpriv.
    func kioskctlAsNobody(_ arguments: [String]) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        let kioskctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kioskctl").path
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", kioskctl] + arguments
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        process.environment = ["XDG_RUNTIME_DIR": "/nonexistent"]
        try process.run()
        let said = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: said, as: UTF8.self))
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func oneUidFillingTheSocketLeavesRoomForAnother() throws {
        let limits = ControlLimits(maximumClients: 4, maximumClientsPerUID: 4)
        try withDaemon(limits: limits, socketMode: 0o666, configure: { config, _ in
            config.access = AccessPolicy(uids: [65534], gids: [])
        }) { daemon, path, _ in
            // uid 0 takes every slot with connections that never log in.
            var held: [Client] = []
            for _ in 0..<4 {
                let client = try Client(path: path)
                #expect(try client.succeeds(#"{"id":"s","op":"status"}"#))
                held.append(client)
            }
            // A fifth is past the uid's share.
            let fifth = try Client(path: path)
            let refusal = try fifth.readReply()?.error
            #expect(refusal?.code == "too_many_clients")
            #expect(refusal?.message.contains("its share") == true, "\(String(describing: refusal))")
            // Another uid (the POS, kioskctl) still gets in: the oldest idle connection of uid 0 makes room.
            let status = try kioskctlAsNobody(["--socket", path, "status"])
            #expect(status.status == 0, "kioskctl as nobody: \(status.error)")
            let evicted = try held[0].readReply()?.error
            #expect(evicted?.code == "too_many_clients", "\(String(describing: evicted))")
            #expect(try held[0].readReply() == nil, "the evicted connection is closed")
            #expect(try held[1].succeeds(#"{"id":"s","op":"status"}"#))
            _ = daemon
        }
    }

    @Test func aConnectionThatNeverLogsInIsClosedAfterTheShortIdleLimitEvenIfBytesTrickle() throws {
        let limits = ControlLimits(idleTimeout: .seconds(600), loginIdleTimeout: .seconds(1))
        try withDaemon(limits: limits) { _, path, _ in
            let member = try Client(path: path)
            try member.login("clerk")
            let trickle = try Client(path: path)
            trickle.send("{")
            var closedWith: ControlReplyLine?
            for _ in 0..<100 {  // a byte every 100 ms, never a whole line, for up to 10 s
                usleep(100_000)
                trickle.send(" ")
                var byte: UInt8 = 0
                if recv(trickle.fd, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK)) > 0 {
                    closedWith = try trickle.readReply()
                    break
                }
            }
            #expect(closedWith?.error?.code == "idle_timeout", "\(String(describing: closedWith))")
            // The connection that logged in, as idle as the other, keeps its slot and its login.
            #expect(try member.succeeds(#"{"id":"b","op":"camera.status"}"#))
        }
    }
}
