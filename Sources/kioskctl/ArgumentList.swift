/// A usage mistake on the command line, reported with the command's help and exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    /// The message itself.
    var description: String { message }
}

/// The words of a command line, consumed option by option.
///
/// Options come as `--name value`, `--name=value` or bare flags; `--` ends the options; anything
/// else is an operand. A command declares which of its options take a value, takes each option
/// out by name, and calls ``finish()``, which reports whatever is left, so a misspelt option
/// never passes silently.
struct ArgumentList {
    private var options: [(name: String, value: String?)] = []
    private(set) var operands: [String] = []

    init(_ words: [String], valueOptions: Set<String>) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" {
                operands.append(contentsOf: words[index...])
                break
            }
            guard word.hasPrefix("--") || word == "-h" else {
                operands.append(word)
                continue
            }
            if word == "-h" {
                options.append(("help", nil))
                continue
            }
            let body = word.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                options.append((String(body[..<equals]), String(body[body.index(after: equals)...])))
            } else if valueOptions.contains(String(body)) {
                guard index < words.count else { throw UsageError("--\(body) needs a value") }
                options.append((String(body), words[index]))
                index += 1
            } else {
                options.append((String(body), nil))
            }
        }
    }

    /// Whether the flag `--name` is present; takes it out.
    mutating func flag(_ name: String) throws(UsageError) -> Bool {
        guard let index = options.firstIndex(where: { $0.name == name }) else { return false }
        if options[index].value != nil { throw UsageError("--\(name) takes no value") }
        options.remove(at: index)
        return true
    }

    /// The value of `--name`, or `nil` when absent; takes it out.
    mutating func value(_ name: String) -> String? {
        guard let index = options.firstIndex(where: { $0.name == name }) else { return nil }
        return options.remove(at: index).value
    }

    /// The value of `--name` as an integer within `range`, or `nil` when absent.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }

    /// Reports every option nobody took, naming `command` when given.
    func finish(command: String? = nil) throws(UsageError) {
        guard !options.isEmpty else { return }
        let names = options.map { "--\($0.name)" }.joined(separator: ", ")
        let plural = options.count == 1 ? "" : "s"
        throw UsageError("unknown option\(plural) \(names)" + (command.map { " for \($0)" } ?? ""))
    }
}
