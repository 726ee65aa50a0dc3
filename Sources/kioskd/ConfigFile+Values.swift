import Foundation

/// Typed reads of a config file's entries, each error naming the file, the line and the rule.
///
/// Every key read is marked; ``unknownKeys()`` then lists the rest, so a misspelt key is an
/// error instead of a silently ignored setting.
struct ConfigReader {
    let file: ConfigFile
    private var used: Set<String> = []

    init(_ file: ConfigFile) { self.file = file }

    private mutating func entry(_ key: String) -> ConfigFile.Entry? {
        used.insert(key)
        return file.entries.first { $0.key == key }
    }

    func error(_ entry: ConfigFile.Entry, _ message: String) -> ConfigError {
        ConfigError(path: file.path, line: entry.line, message: "\(entry.key): \(message)")
    }

    mutating func string(_ key: String, default value: String) -> String { entry(key)?.value ?? value }

    /// An error about `key`'s value, at its line.
    func invalid(_ key: String, _ message: String) -> ConfigError {
        let line = file.entries.first { $0.key == key }?.line
        return ConfigError(path: file.path, line: line, message: "\(key): \(message)")
    }

    /// An error about a key that must be set.
    func missing(_ key: String, because reason: String) -> ConfigError {
        ConfigError(path: file.path, line: nil, message: "\(key) is missing: \(reason)")
    }

    mutating func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard entry(key) != nil else { return nil }
        return try integer(key, default: 0, in: range)
    }

    mutating func optionalString(_ key: String) -> String? { entry(key)?.value }

    mutating func integer(_ key: String, default value: Int, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let entry = entry(key) else { return value }
        guard let number = Int(entry.value), range.contains(number) else {
            throw error(entry, "expected a whole number from \(range.lowerBound) to \(range.upperBound), found '\(entry.value)'")
        }
        return number
    }

    /// A duration written as a number with a unit: `500ms`, `30s`, `10min`, `2h`.
    mutating func duration(_ key: String, default value: Duration, in range: ClosedRange<Duration>) throws(ConfigError) -> Duration {
        guard let entry = entry(key) else { return value }
        let text = entry.value
        let digits = text.prefix { $0.isNumber }
        let unit = String(text.dropFirst(digits.count)).trimmingSpaces
        guard let number = Int64(digits) else {
            throw error(entry, "expected a duration such as 500ms, 30s, 10min or 2h, found '\(text)'")
        }
        let duration: Duration
        switch unit {
        case "ms": duration = .milliseconds(number)
        case "s": duration = .seconds(number)
        case "min": duration = .seconds(number * 60)
        case "h": duration = .seconds(number * 3600)
        default: throw error(entry, "the unit must be ms, s, min or h, found '\(unit)' in '\(text)'")
        }
        guard range.contains(duration) else {
            throw error(entry, "must be between \(range.lowerBound) and \(range.upperBound), found \(text)")
        }
        return duration
    }

    /// An octal file mode such as `0660`.
    mutating func fileMode(_ key: String, default value: mode_t) throws(ConfigError) -> mode_t {
        guard let entry = entry(key) else { return value }
        guard let mode = mode_t(entry.value, radix: 8), mode <= 0o777 else {
            throw error(entry, "expected an octal mode such as 0660, found '\(entry.value)'")
        }
        return mode
    }

    /// A space-separated list of user names or numeric uids.
    mutating func users(_ key: String) throws(ConfigError) -> Set<UInt32> {
        guard let entry = entry(key) else { return [] }
        var result: Set<UInt32> = []
        for word in entry.value.split(separator: " ") {
            if let number = UInt32(word) {
                result.insert(number)
            } else if let record = getpwnam(String(word)) {
                result.insert(record.pointee.pw_uid)
            } else {
                throw error(entry, "there is no user named '\(word)' on this system")
            }
        }
        return result
    }

    /// A space-separated list of group names or numeric gids.
    mutating func groups(_ key: String) throws(ConfigError) -> Set<UInt32> {
        guard let entry = entry(key) else { return [] }
        var result: Set<UInt32> = []
        for word in entry.value.split(separator: " ") {
            if let number = UInt32(word) {
                result.insert(number)
            } else if let record = getgrnam(String(word)) {
                result.insert(record.pointee.gr_gid)
            } else {
                throw error(entry, "there is no group named '\(word)' on this system")
            }
        }
        return result
    }

    /// Fails on the first entry no reader asked for.
    func rejectUnknownKeys() throws(ConfigError) {
        if let unknown = file.entries.first(where: { !used.contains($0.key) }) {
            throw ConfigError(path: file.path, line: unknown.line, message: "unknown setting '\(unknown.key)'")
        }
    }
}
