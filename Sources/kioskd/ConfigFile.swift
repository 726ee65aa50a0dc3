/// A parsed configuration file: `[section]` headers and `key = value` lines, with line numbers.
///
/// `#` starts a comment anywhere a value is not quoted; blank lines are ignored. Values keep
/// inner spaces; surrounding spaces are trimmed; a value may be written in double quotes to keep
/// a `#` or leading spaces. Every key is addressed as `section.key`.
struct ConfigFile: Sendable {
    struct Entry: Sendable, Equatable {
        let key: String
        let value: String
        let line: Int
    }

    let path: String
    let entries: [Entry]

    init(path: String, text: String) throws(ConfigError) {
        self.path = path
        var section = ""
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = ConfigFile.stripComment(String(rawLine)).trimmingSpaces
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw ConfigError(path: path, line: number, message: "a section header looks like [name]")
                }
                section = String(line.dropFirst().dropLast()).trimmingSpaces
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigError(path: path, line: number, message: "expected 'key = value', found '\(line)'")
            }
            let name = String(line[..<equals]).trimmingSpaces
            var value = String(line[line.index(after: equals)...]).trimmingSpaces
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ConfigError(path: path, line: number, message: "'\(name)' is not a valid key name")
            }
            if value.hasPrefix("\"") {
                guard value.count >= 2, value.hasSuffix("\"") else {
                    throw ConfigError(path: path, line: number, message: "the quoted value of \(name) is not closed")
                }
                value = String(value.dropFirst().dropLast())
            }
            let key = section.isEmpty ? name : "\(section).\(name)"
            if let earlier = seen[key] {
                throw ConfigError(path: path, line: number, message: "\(key) is already set on line \(earlier)")
            }
            seen[key] = number
            entries.append(Entry(key: key, value: value, line: number))
        }
        self.entries = entries
    }

    /// The line without a `#` comment outside double quotes.
    private static func stripComment(_ line: String) -> String {
        var quoted = false
        for index in line.indices {
            switch line[index] {
            case "\"": quoted.toggle()
            case "#" where !quoted: return String(line[..<index])
            default: continue
            }
        }
        return line
    }
}

/// A configuration mistake, naming the file and the line.
struct ConfigError: Error, Equatable, CustomStringConvertible {
    let path: String
    let line: Int?
    let message: String

    var description: String {
        if let line { "\(path):\(line): \(message)" } else { "\(path): \(message)" }
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" || first == "\r" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" || last == "\r" { view.removeLast() }
        return String(view)
    }
}
