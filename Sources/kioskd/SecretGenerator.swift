import CodeCrypto
import Foundation
import Kiosk

/// `kioskd secret generate`: a new program's 32-byte secret from the OS random source, added to
/// the program secrets file atomically (a temporary file written and synced, then renamed), with
/// the file's owner, group and mode 0640 kept; a program or number already there is refused.
///
/// The secret is never printed: it reaches other kiosks of a shared ledger by copying its line
/// (docs/install.md), never through the ledger or the control socket.
enum SecretGenerator {
    /// Why a secret could not be added, in the installer's words.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the subcommand; returns the exit status (0 added, 1 refused, 2 usage).
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.count == 5, arguments[0] == "generate", arguments[1] == "--config" else {
            FileHandle.standardError.write(Data("kioskd: usage: kioskd secret generate --config FILE PROGRAM NUMBER\n".utf8))
            return 2
        }
        guard let program = ProgramCode(arguments[3]) else {
            FileHandle.standardError.write(Data("kioskd: '\(arguments[3])' is not a program code (1-12 of A-Z and 0-9)\n".utf8))
            return 2
        }
        guard let number = Int(arguments[4]), (1...999).contains(number) else {
            FileHandle.standardError.write(Data("kioskd: the program number must be 1 to 999, not '\(arguments[4])'\n".utf8))
            return 2
        }
        do {
            let config = try DaemonConfig.load(path: arguments[2])
            try add(program: program, number: number, to: config.programKeysPath)
            print(
                "added program \(program) (number \(number)) to \(config.programKeysPath); "
                    + "send SIGHUP to kioskd (systemctl reload kioskd) to read its codes"
            )
            return 0
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("kioskd: \(error)\n".utf8))
            return 1
        } catch {
            FileHandle.standardError.write(Data("kioskd: \(error)\n".utf8))
            return 1
        }
    }

    /// Adds a line `PROGRAM NUMBER HEX` with a fresh secret to the file at `path` (created when absent).
    static func add(program: ProgramCode, number: Int, to path: String) throws {
        let existing: String
        var owner: (uid_t, gid_t)?
        if FileManager.default.fileExists(atPath: path) {
            existing = try ProgramKeysFile.text(path: path)
            var info = stat()
            if stat(path, &info) == 0 { owner = (info.st_uid, info.st_gid) }
        } else {
            existing = ""
        }
        let keys = try ProgramKeysFile.parse(path: path, text: existing)
        if keys.contains(where: { $0.program == program }) {
            throw Failure(description: "program \(program) has a secret in \(path) already; a secret is never replaced (its codes would stop reading)")
        }
        if keys.contains(where: { $0.number == number }) {
            throw Failure(description: "program number \(number) is taken in \(path)")
        }
        var random = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + "\(program) \(number) \(Hex.encode(secret))\n"
        _ = try ProgramKeysFile.parse(path: path, text: text)  // what is written reads back
        try writeAtomically(text, to: path, owner: owner)
    }

    /// Temporary file beside `path`, written, synced, given the owner, renamed over `path`, directory synced.
    private static func writeAtomically(_ text: String, to path: String, owner: (uid_t, gid_t)?) throws {
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let temporary = path + ".new-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var failed: String?
        let bytes = Array(text.utf8)
        if bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) != bytes.count { failed = "write" }
        if failed == nil, let owner, fchown(fd, owner.0, owner.1) != 0 { failed = "chown" }
        if failed == nil, fchmod(fd, 0o640) != 0 { failed = "chmod" }
        if failed == nil, fsync(fd) != 0 { failed = "fsync" }
        close(fd)
        if failed == nil, rename(temporary, path) != 0 { failed = "rename" }
        if let failed {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot \(failed) the program secrets file \(path): \(reason); it is unchanged")
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}
