import Foundation

/// Messages for the person at the terminal, on standard error, prefixed with the program's name.
enum Diagnostics {
    static func write(_ message: String) {
        FileHandle.standardError.write(Data("kioskctl: \(message)\n".utf8))
    }
}

/// A command that could not do its work, for a reason that is not a usage mistake.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// kioskctl's exit statuses; documented in `kioskctl --help`.
enum ExitStatus {
    /// The command did what was asked.
    static let done: Int32 = 0
    /// The command ran but the answer is no: a file without a readable code, a refusal.
    static let refused: Int32 = 1
    /// The command line is wrong.
    static let usage: Int32 = 2
    /// kioskd is not running, or its socket cannot be reached.
    static let unreachable: Int32 = 3
    /// kioskd needs a login first: none, expired, or an initial password still to change.
    static let needsLogin: Int32 = 4
    /// The account logged in may not do this.
    static let forbidden: Int32 = 5
    /// The shared ledger (PostgreSQL) is out of reach: try again when it is back.
    static let ledgerUnavailable: Int32 = 6

    /// The exit status for a refusal code from kioskd.
    static func refusal(_ code: String) -> Int32 {
        switch code {
        case "not_logged_in", "token_expired", "password_change_required": needsLogin
        // Past the refund window only the program office may refund: the account may not do this.
        case "forbidden", "refund_window_closed": forbidden
        case "ledger_unreachable", "ledger_outcome_unknown": ledgerUnavailable
        default: refused
        }
    }
}
