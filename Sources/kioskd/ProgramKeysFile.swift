import CodeCrypto
import Foundation
import Kiosk

/// The program secrets file: one program a line, `CODE NUMBER HEX-SECRET`, `#` comments.
///
/// Kept apart from the ledger (and readable only by kioskd) so a copy of the ledger cannot mint
/// codes. A mistake names the file and the line; the secret itself is never printed.
enum ProgramKeysFile {
    static func load(path: String) throws(ConfigError) -> [ProgramKey] {
        try parse(path: path, text: try text(path: path))
    }

    /// The file's text; an unreadable file names itself.
    static func text(path: String) throws(ConfigError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(path: path, line: nil, message: "cannot read the program secrets file (\(error.localizedDescription))")
        }
    }

    static func parse(path: String, text: String) throws(ConfigError) -> [ProgramKey] {
        var keys: [ProgramKey] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if words.isEmpty { continue }
            func fail(_ message: String) -> ConfigError { ConfigError(path: path, line: index + 1, message: message) }
            guard words.count == 3 else { throw fail("expected 'PROGRAM NUMBER HEX-SECRET'") }
            guard let program = ProgramCode(String(words[0])) else { throw fail("'\(words[0])' is not a program code") }
            guard let number = Int(words[1]) else { throw fail("the program number must be 1 to 999") }
            guard let secret = Hex.decode(words[2]) else { throw fail("the secret must be hexadecimal digits") }
            guard let key = ProgramKey(program: program, number: number, secret: secret) else {
                throw fail("the program number must be 1 to 999 and the secret at least 16 bytes (32 hex digits)")
            }
            if keys.contains(where: { $0.program == program || $0.number == number }) {
                throw fail("program \(program) or number \(number) is listed twice")
            }
            keys.append(key)
        }
        return keys
    }
}
