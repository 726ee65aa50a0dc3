/// A command that works without a running kioskd: its words and its line in the index.
///
/// ``OfflineCommand/all`` is the one list of them: the top-level help's offline index and the
/// group pages (`kioskctl qr --help`, `kioskctl eticket --help`) are printed from it, as the daemon
/// commands' are from ``CommandHelp/all``; each command prints its own page.
struct OfflineCommand: Sendable {
    /// The command words, such as `["qr", "encode"]`.
    let words: [String]
    /// One line for the index.
    let summary: String

    /// The command's name as typed: `qr encode`.
    var name: String { words.joined(separator: " ") }

    /// Every offline command, in the order the help lists them.
    static let all: [OfflineCommand] = [
        OfflineCommand(words: ["qr", "encode"], summary: "render a payload as a QR code image (PGM or SVG)"),
        OfflineCommand(words: ["qr", "decode"], summary: "read every QR code in PGM images or Y4M videos"),
        OfflineCommand(
            words: ["qr", "scan"],
            summary: "print codes live from a camera, a replay or the synthetic camera"
        ),
        OfflineCommand(words: ["cameras"], summary: "list the capture devices, their formats and sizes"),
        OfflineCommand(
            words: ["eticket", "code"],
            summary: "draw an e-ticket's current code from its ticket key (the phone app's reference)"
        ),
    ]

    /// The words that begin more than one word of command, such as `qr` and `eticket`.
    static var groups: Set<String> { Set(all.filter { $0.words.count > 1 }.map { $0.words[0] }) }

    /// The page of the commands whose first word is `group`, or `nil` when it is not an offline group.
    static func group(_ group: String) -> String? {
        let commands = all.filter { $0.words.count > 1 && $0.words[0] == group }
        guard !commands.isEmpty else { return nil }
        return CommandHelp.groupPage(group, commands.map { ($0.words, $0.summary) })
    }

    /// The offline commands' part of the top-level help.
    static var index: String {
        (["Commands that work offline, without a running kioskd:"]
            + CommandHelp.indexLines(all.map { ($0.name, $0.summary) })).joined(separator: "\n")
    }

    /// `kioskctl GROUP`, `kioskctl GROUP --help` or `-h`, and `kioskctl GROUP VERB` for a verb the
    /// group does not have.
    ///
    /// - Parameters:
    ///   - group: An offline group's word (one of ``groups``).
    ///   - verb: The word after it, if any.
    /// - Returns: 0 after printing the group's page for `--help`, 2 after printing it without a command.
    /// - Throws: ``UsageError`` for a command the group does not have.
    static func help(group: String, verb: String?) throws(UsageError) -> Int32 {
        let verbs = all.filter { $0.words.count > 1 && $0.words[0] == group }.map { $0.words[1] }
        guard let page = Self.group(group) else { throw UsageError("unknown command '\(group)'") }
        switch verb {
        case "--help", "-h":
            print(page)
            return ExitStatus.done
        case nil:
            print(page)
            return ExitStatus.usage
        case let other?:
            throw UsageError("unknown \(group) command '\(other)': \(verbs.joined(separator: ", "))")
        }
    }
}
