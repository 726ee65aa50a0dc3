import CaptureV4L2
import Decoder
import Foundation
import KioskProtocol

// The indexes come from OfflineCommand.all and CommandHelp.all, the table the daemon commands' parser reads too.
let topHelp = """
    Usage: kioskctl COMMAND [options]

    The command-line tool of kioskd, the QR voucher kiosk.

    \(OfflineCommand.index)

    \(CommandHelp.index)

    Run `kioskctl COMMAND --help` for a command's usage, options, an example and its exit statuses,
    `kioskctl GROUP --help` (e.g. `kioskctl session --help`) for a group's commands.

    Exit status: 0 done; 1 refused by kioskd or nothing found (e.g. no readable code);
    2 usage error; 3 kioskd cannot be reached; 4 log in first (no login, expired, or an
    initial password to change); 5 the account logged in may not do this; 6 the shared
    ledger is out of reach (nothing changed, or, for a confirm or refund cut off while saving,
    repeat the same command: it is recorded once).
    """

func runKioskctl(_ words: [String]) -> Int32 {
    do {
        switch (words.first, words.dropFirst().first) {
        case ("qr", "encode"): return try QREncodeCommand.run(Array(words.dropFirst(2)))
        case ("qr", "decode"): return try QRDecodeCommand.run(Array(words.dropFirst(2)))
        case ("qr", "scan"): return try QRScanCommand.run(Array(words.dropFirst(2)))
        case ("cameras", _): return try CamerasCommand.run(Array(words.dropFirst()))
        case ("eticket", "code"): return try ETicketCodeCommand.run(Array(words.dropFirst(2)))
        case (let group?, let verb) where OfflineCommand.groups.contains(group):
            return try OfflineCommand.help(group: group, verb: verb)
        case ("--help", _), ("-h", _), ("help", _):
            print(topHelp)
            return ExitStatus.done
        case ("status", _), ("session", _), ("balance", _), ("watch", _), ("--socket", _), ("--json", _), ("login", _),
            ("logout", _), ("password", _), ("account", _), ("refund", _), ("program", _), ("issue", _), ("audit", _),
            ("outbox", _), ("camera", _), ("report", _), ("export", _), ("merchant", _), ("store", _), ("terminal", _),
            ("ledger", _):
            return try DaemonCommands.run(words)
        case (nil, _):
            Diagnostics.write("no command given")
            print(topHelp)
            return ExitStatus.usage
        case (let other?, _): throw UsageError("unknown command '\(other)'")
        }
    } catch let error as UsageError {
        return failure(words, code: "usage", message: "\(error.message) (see --help)", status: ExitStatus.usage)
    } catch let error as ControlClient.Unreachable {
        return failure(words, code: "unreachable", message: error.description, status: ExitStatus.unreachable)
    } catch let error as ControlClient.Refusal {
        return failure(words, code: error.code, message: error.message, status: ExitStatus.refusal(error.code))
    } catch let error as CaptureError {
        return failure(words, code: "capture", message: error.message, status: ExitStatus.refused)
    } catch let error as QREncodeError {
        return failure(words, code: "encode", message: error.message, status: ExitStatus.refused)
    } catch {
        return failure(words, code: "failed", message: "\(error)", status: ExitStatus.refused)
    }
}

/// Reports a failure: on standard error for a person, and with `--json` also as a JSON object on
/// standard output (`{"error": {"code", "message"}}`), so a script reads every outcome the same
/// way; the exit status is the same either way.
func failure(_ words: [String], code: String, message: String, status: Int32) -> Int32 {
    Diagnostics.write(code == "usage" || code == "unreachable" || code == "capture" || code == "encode" || code == "failed" ? message : "\(message) [\(code)]")
    if words.contains("--json") {
        print(JSONLine.encode(FailureLine(error: ControlError(code: code, message: message), exitStatus: status)))
    }
    return status
}

/// A failure as `--json` prints it: `{"error": {"code", "message"}, "exit_status"}`.
struct FailureLine: Encodable {
    let error: ControlError
    let exitStatus: Int32

    enum CodingKeys: String, CodingKey {
        case error
        case exitStatus = "exit_status"
    }
}

exit(runKioskctl(Array(CommandLine.arguments.dropFirst())))
