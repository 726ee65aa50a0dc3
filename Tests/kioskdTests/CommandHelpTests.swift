import Foundation
import Testing

/// `kioskctl COMMAND --help` for every daemon command, through the kioskctl binary built beside
/// the tests: a page of its own (usage, every option the parser takes, an example, its exit
/// statuses), group pages, and a top-level help that lists every command.
@Suite struct CommandHelpTests {
    /// Every daemon command, written out here rather than read from kioskctl, so a command the
    /// help table loses fails the test.
    static let commands: [String] = [
        "login", "logout", "password change",
        "account create", "account reset", "account list", "account disable", "account enable",
        "status",
        "session open", "session present", "session status", "session list", "session settle", "session confirm",
        "session abort",
        "balance", "watch",
        "refund search", "refund preview", "refund confirm",
        "program list", "program create", "issue vouchers", "issue sheet", "issue eticket",
        "merchant create", "merchant list", "merchant change", "merchant disable", "merchant enable",
        "store create", "store list", "store change", "store disable", "store enable",
        "terminal create", "terminal list", "terminal change", "terminal disable", "terminal enable",
        "audit verify", "audit head", "ledger check", "outbox status",
        "camera list", "camera status", "camera restart",
        "report sales", "report usage", "report daily", "report monthly", "report settlement",
        "export request", "export status", "export fetch",
    ]

    /// Every option a daemon command has ever taken (kioskctl's old global list), with the
    /// flags; the parser is asked which of these each command accepts.
    static let valueOptions = [
        "program", "amount", "key", "password-fd", "role", "payment", "date", "memo", "count", "balance", "days",
        "from", "to", "store", "terminal", "page", "page-size", "encoding", "output", "number", "name", "kind", "unit",
        "face-value", "maximum", "until", "deadline", "refund-hours", "payout-delay", "head", "merchant",
        "representative", "contact", "schedule", "year",
    ]
    static let flags = ["typed", "exclude-refunded"]

    /// The commands that work without kioskd, written out here too.
    static let offlineCommands = ["qr encode", "qr decode", "qr scan", "cameras", "eticket code"]

    let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    func kioskctl(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = binaries.appendingPathComponent("kioskctl")
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// The options a page's "Options:" section names (`--name VALUE  meaning`, `-h, --help`).
    static func optionsNamed(in page: String) -> Set<String> {
        var names: Set<String> = []
        var inOptions = false
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "Options:" {
                inOptions = true
                continue
            }
            guard inOptions else { continue }
            if line.isEmpty { break }
            var first = line.drop { $0 == " " }
            if first.hasPrefix("-h, ") { first = first.dropFirst(4) }
            // A wrapped meaning continues on a line that does not start with an option.
            guard first.hasPrefix("--"), line.hasPrefix("  --") || line.hasPrefix("  -h") else { continue }
            names.insert(String(first.dropFirst(2).prefix { $0.isLetter || $0 == "-" }))
        }
        return names
    }

    /// The options the parser accepts for `command`: everything given, less what it reports as
    /// not this command's (all of them in one message, before kioskd is asked).
    func optionsAccepted(by command: String) throws -> Set<String> {
        let given = Self.valueOptions.map { "--\($0)=1" } + Self.flags.map { "--\($0)" }
        let result = try kioskctl(
            ["--socket", "/nonexistent/kioskd.sock"] + command.split(separator: " ").map(String.init) + given
        )
        var accepted = Set(Self.valueOptions + Self.flags)
        if let line = result.error.split(separator: "\n").first(where: { $0.contains("unknown option") }) {
            #expect(result.status == 2, "\(command): \(result)")
            for word in line.split(whereSeparator: { $0 == " " || $0 == "," }) where word.hasPrefix("--") {
                accepted.remove(String(word.dropFirst(2)))
            }
        }
        return accepted.union(["socket", "json", "help"])
    }

    @Test(arguments: commands)
    func eachCommandHasItsOwnPage(command: String) throws {
        let words = command.split(separator: " ").map(String.init)
        let page = try kioskctl(words + ["--help"])
        #expect(page.status == 0, "\(command): \(page)")
        #expect(page.output.hasPrefix("Usage: kioskctl \(command)"), "\(command): \(page.output.prefix(200))")
        #expect(page.output.contains("\nExample:\n  kioskctl \(command)"), "\(command)")
        #expect(page.output.contains("\nExit status:\n  0  done"), "\(command)")
        for status in [2, 3] {
            #expect(page.output.contains("\n  \(status)  "), "\(command): no exit status \(status)")
        }
        // The page names exactly the options the parser takes for this command.
        #expect(Self.optionsNamed(in: page.output) == (try optionsAccepted(by: command)), "\(command)")
        // -h, and --help after operands, give the same page.
        #expect(try kioskctl(words + ["-h"]).output == page.output)
        #expect(try kioskctl(words + ["X", "--help"]).output == page.output)
    }

    @Test func topLevelHelpListsEveryCommand() throws {
        let top = try kioskctl(["--help"])
        #expect(top.status == 0)
        let lines = top.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for command in Self.commands + Self.offlineCommands {
            #expect(
                lines.contains { $0 == command || $0.hasPrefix(command + " ") },
                "\(command) missing from kioskctl --help"
            )
        }
    }

    /// An offline group's page lists its commands as a daemon group's does, and exits 0; each of
    /// its commands has a page of its own.
    @Test(arguments: ["qr", "eticket"])
    func offlineGroupsHaveAPage(group: String) throws {
        let page = try kioskctl([group, "--help"])
        #expect(page.status == 0 && page.output.hasPrefix("Usage: kioskctl \(group) "), "\(page)")
        #expect(page.error.isEmpty, "\(page)")
        for command in Self.offlineCommands where command.hasPrefix(group + " ") {
            #expect(page.output.contains("\n  \(command) "), "\(command) missing from \(group) --help")
            let own = try kioskctl(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(own.status == 0 && own.output.hasPrefix("Usage: kioskctl \(command)"), "\(command): \(own)")
        }
        #expect(page.output.contains("\nRun `kioskctl \(group) "), "\(page.output)")
        #expect(try kioskctl([group, "-h"]).output == page.output)
        // Without a command it is a usage error that shows the same list; a command it lacks is one too.
        let bare = try kioskctl([group])
        #expect(bare.status == 2 && bare.output == page.output, "\(bare)")
        let unknown = try kioskctl([group, "frobnicate", "--help"])
        #expect(unknown.status == 2 && unknown.error.contains("unknown \(group) command 'frobnicate'"), "\(unknown)")
    }

    @Test func groupsAndUnknownCommands() throws {
        let session = try kioskctl(["session", "--help"])
        #expect(session.status == 0 && session.output.hasPrefix("Usage: kioskctl session "), "\(session)")
        for command in Self.commands where command.hasPrefix("session ") {
            #expect(session.output.contains("\n  \(command) "), "\(command) missing from session --help")
        }
        #expect(try kioskctl(["report", "-h"]).output.contains("\n  report settlement "))
        #expect(try kioskctl(["frobnicate", "--help"]).status == 2)
        #expect(try kioskctl(["session", "frobnicate", "--help"]).status == 2)
        // An option that is not the command's is a usage error, before kioskd is asked.
        let stray = try kioskctl(["--socket", "/nonexistent/kioskd.sock", "status", "--amount", "5"])
        #expect(stray.status == 2 && stray.error.contains("unknown option --amount for status"), "\(stray)")
    }
}
