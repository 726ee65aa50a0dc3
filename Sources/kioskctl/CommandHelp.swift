/// One daemon command's help: its usage, what it does, the options it takes, an example and its
/// exit statuses.
///
/// ``CommandHelp/all`` is the one list of kioskctl's daemon commands. The parser takes from the
/// command line only the options a command's entry names (any other is a usage error), the
/// per-command pages and the index in the top-level help are printed from it, so a command's
/// help cannot forget an option its parser reads.
struct CommandHelp: Sendable {
    /// An option a command takes: `--name VALUE`, or a bare flag when `value` is `nil`.
    struct Option: Sendable {
        let name: String
        let value: String?
        let required: Bool
        let meaning: String

        static func value(_ name: String, _ value: String, required: Bool = false, _ meaning: String) -> Option {
            Option(name: name, value: value, required: required, meaning: meaning)
        }

        static func flag(_ name: String, _ meaning: String) -> Option {
            Option(name: name, value: nil, required: false, meaning: meaning)
        }

        /// `--name VALUE` or `--name`.
        var form: String { "--\(name)" + (value.map { " \($0)" } ?? "") }
    }

    /// Who may run a command: decides whether it can exit 4 (log in first) and 5 (not allowed).
    enum Access: Sendable {
        /// No login needed (`status`, `login`).
        case anyone
        /// Any account logged in.
        case loggedIn
        /// Only the roles named, such as "a manager, a representative or the program office".
        case roles(String)
    }

    /// The command words, such as `["session", "open"]`.
    let words: [String]
    /// The usage lines, each after `kioskctl `.
    let usage: [String]
    /// One line for the index.
    let summary: String
    /// One paragraph: what the command does and what it prints.
    let description: String
    let options: [Option]
    /// One realistic command line.
    let example: String
    let access: Access
    /// When the command exits 1 (refused, nothing found, a check that found a problem).
    let refused: String
    /// Whether the command reads or writes the ledger, and so exits 6 when the shared ledger is out of reach.
    let ledger: Bool

    /// The command's name as typed: `session open`.
    var name: String { words.joined(separator: " ") }

    /// Whether the command takes `--name`.
    func takes(_ name: String) -> Bool { options.contains { $0.name == name } }

    /// The options every daemon command takes.
    static let commonOptions: [Option] = [
        .value("socket", "PATH", "kioskd's control socket (default \(ControlClient.defaultSocketPath))"),
        .flag("json", "print the result, or the error (code and message), as JSON on standard output"),
    ]

    /// The value options of every command, for ``ArgumentList`` (which must know them to read
    /// `--name value`).
    static let valueOptions: Set<String> = Set(
        (all.flatMap(\.options) + commonOptions).filter { $0.value != nil }.map(\.name)
    )

    /// The entry whose words begin `operands` (`session open SESSION` finds `session open`).
    static func command(for operands: [String]) -> CommandHelp? {
        all.first { $0.words.count <= operands.count && Array(operands.prefix($0.words.count)) == $0.words }
    }

    /// The help of the commands whose first word is `group` (`kioskctl session --help`), or `nil`.
    static func group(_ group: String) -> String? {
        let commands = all.filter { $0.words.first == group }
        guard !commands.isEmpty else { return nil }
        return groupPage(group, commands.map { ($0.words, $0.summary) })
    }

    /// A group's page, for daemon and offline groups alike: its usage line, one line per command,
    /// and where a command's own page is.
    ///
    /// - Parameters:
    ///   - group: The group's word, such as `session` or `qr`.
    ///   - commands: The group's commands (not empty), each with its one-line summary.
    /// - Returns: The page, without a final newline.
    static func groupPage(_ group: String, _ commands: [(words: [String], summary: String)]) -> String {
        let verbs = commands.compactMap { $0.words.count > 1 ? $0.words[1] : nil }
        let names = commands.map { $0.words.joined(separator: " ") }
        var lines = [
            "Usage: kioskctl \(group)" + (verbs.isEmpty ? "" : " " + verbs.joined(separator: "|")) + " ...", "",
        ]
        lines += indexLines(commands.map { ($0.words.joined(separator: " "), $0.summary) })
        lines += ["", "Run `kioskctl \(names[0]) --help` for a command's options, example and exit statuses."]
        return lines.joined(separator: "\n")
    }

    /// One line per command: its words and summary, aligned.
    static func indexLines(_ commands: [CommandHelp]) -> [String] {
        indexLines(commands.map { ($0.name, $0.summary) })
    }

    /// One line per command: its name and summary, aligned.
    static func indexLines(_ entries: [(name: String, summary: String)]) -> [String] {
        let width = (entries.map { $0.name.count }.max() ?? 0) + 2
        return entries.map { "  " + pad($0.name, width) + $0.summary }
    }

    /// The index of every daemon command, as the top-level help and `kioskctl --help` show it.
    static var index: String {
        ([
            "Commands that talk to a running kioskd (over its control socket, default \(ControlClient.defaultSocketPath)):"
        ]
            + indexLines(all)).joined(separator: "\n")
    }

    /// The command's page, as `kioskctl WORDS --help` prints it.
    var page: String {
        // A usage line that starts with spaces continues the one above it.
        var lines = usage.enumerated().map { index, line in
            line.hasPrefix(" ")
                ? String(repeating: " ", count: 16) + line.drop { $0 == " " }
                : (index == 0 ? "Usage: " : "       ") + "kioskctl " + line
        }
        lines.append("")
        lines += Self.wrap(description, indent: "")
        lines += ["", "Options:"]
        let shown = options + Self.commonOptions
        let width = max((shown.map(\.form.count) + ["-h, --help".count]).max() ?? 0, 12) + 2
        for option in shown {
            let meaning = (option.required ? "(required) " : "") + option.meaning
            lines += Self.wrap(
                meaning,
                indent: String(repeating: " ", count: width + 2),
                first: "  " + Self.pad(option.form, width)
            )
        }
        lines.append("  " + Self.pad("-h, --help", width) + "show this help")
        lines += ["", "Example:", "  kioskctl " + example, "", "Exit status:"]
        for (status, meaning) in exitStatuses {
            lines += Self.wrap(meaning, indent: "     ", first: "  \(status)  ")
        }
        return lines.joined(separator: "\n")
    }

    /// The statuses this command can exit with, and when.
    var exitStatuses: [(Int32, String)] {
        var statuses: [(Int32, String)] = [
            (ExitStatus.done, "done"),
            (ExitStatus.refused, refused),
            (
                ExitStatus.usage,
                "usage error, before kioskd is asked: a missing or unexpected operand, a missing required option, "
                    + "an option this command does not take"
            ),
            (ExitStatus.unreachable, "kioskd cannot be reached"),
        ]
        switch access {
        case .anyone: break
        case .loggedIn:
            statuses.append(
                (ExitStatus.needsLogin, "log in first: no login, an expired one, or an initial password to change")
            )
        case .roles(let roles):
            statuses.append(
                (ExitStatus.needsLogin, "log in first: no login, an expired one, or an initial password to change")
            )
            statuses.append((ExitStatus.forbidden, "the account logged in may not do this (only \(roles))"))
        }
        if ledger {
            statuses.append(
                (
                    ExitStatus.ledgerUnavailable,
                    "the shared ledger is out of reach: nothing changed, or, for a confirm or refund cut off "
                        + "while saving, repeat the same command (it is recorded once)"
                )
            )
        }
        return statuses
    }

    /// `text` followed by spaces up to `width` columns (our names and forms are ASCII).
    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `text` in lines of at most 100 columns: the first after `first`, the others after `indent`.
    static func wrap(_ text: String, indent: String, first: String? = nil) -> [String] {
        var lines: [String] = []
        var line = first ?? indent
        var empty = true
        for word in text.split(separator: " ") {
            if !empty && line.count + 1 + word.count > 100 {
                lines.append(line)
                line = indent
                empty = true
            }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines
    }
}
