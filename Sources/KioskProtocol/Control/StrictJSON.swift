/// The request syntax kioskd accepts: strict JSON (RFC 8259) with integers only.
///
/// Foundation's decoder is lenient where money is concerned: it takes trailing commas, lets a
/// second `"amount"` silently replace the first, and reads `1000.0` or `1e3` as the integer 1000.
/// A request is checked here first, so that what the client wrote is exactly what kioskd acts on:
/// one value per key, and numbers written as whole numbers (no field of the protocol takes a
/// fraction).
enum StrictJSON {
    /// Why a line is not a strict request, in words for the client's developer.
    struct Violation: Error, Equatable {
        /// What is wrong and where (a byte offset).
        let reason: String
    }

    /// Deepest nesting accepted; requests are flat objects.
    static let maximumDepth = 32

    /// Checks `bytes` as one JSON value (surrounding whitespace allowed).
    static func check(_ bytes: [UInt8]) throws(Violation) {
        var parser = Parser(bytes: bytes)
        parser.skipSpace()
        try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fail("text after the JSON value") }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        func fail(_ what: String) -> Violation { Violation(reason: "\(what) at byte \(index)") }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ literal: StaticString) throws(Violation) {
            let text = literal.withUTF8Buffer { Array($0) }
            guard index + text.count <= bytes.count, Array(bytes[index..<index + text.count]) == text else {
                throw fail("an unknown word")
            }
            index += text.count
        }

        mutating func value(depth: Int) throws(Violation) {
            guard depth < StrictJSON.maximumDepth else { throw fail("nesting deeper than \(StrictJSON.maximumDepth)") }
            guard let byte = current else { throw fail("the end of the line where a value belongs") }
            switch byte {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try expect("true")
            case UInt8(ascii: "f"): try expect("false")
            case UInt8(ascii: "n"): try expect("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try integer()
            default: throw fail("a character that starts no JSON value")
            }
        }

        mutating func object(depth: Int) throws(Violation) {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "}") {
                index += 1
                return
            }
            var keys: Set<String> = []
            while true {
                guard current == UInt8(ascii: "\"") else { throw fail("a key that is not a string (a trailing comma?)") }
                let key = try string()
                guard keys.insert(key).inserted else { throw fail("the key '\(key)' given twice") }
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw fail("a missing ':' after a key") }
                index += 1
                skipSpace()
                try value(depth: depth + 1)
                skipSpace()
                switch current {
                case UInt8(ascii: ","):
                    index += 1
                    skipSpace()
                case UInt8(ascii: "}"):
                    index += 1
                    return
                default: throw fail("a missing ',' or '}' in an object")
                }
            }
        }

        mutating func array(depth: Int) throws(Violation) {
            index += 1
            skipSpace()
            if current == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                try value(depth: depth + 1)
                skipSpace()
                switch current {
                case UInt8(ascii: ","):
                    index += 1
                    skipSpace()
                    guard current != UInt8(ascii: "]") else { throw fail("a trailing comma in an array") }
                case UInt8(ascii: "]"):
                    index += 1
                    return
                default: throw fail("a missing ',' or ']' in an array")
                }
            }
        }

        /// A whole number: `-?(0|[1-9][0-9]*)`; a fraction or an exponent is refused.
        mutating func integer() throws(Violation) {
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
                throw fail("a '-' without digits")
            }
            index += 1
            if first == UInt8(ascii: "0"), let next = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) {
                throw fail("a number with a leading zero")
            }
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            if current == UInt8(ascii: ".") || current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                throw fail("a number with a fraction or an exponent (numbers are whole: write 1000, not 1000.0 or 1e3)")
            }
        }

        /// A string's text, its escapes decoded (to compare keys as the decoder will).
        mutating func string() throws(Violation) -> String {
            index += 1
            var text = String.UnicodeScalarView()
            var run = index
            func flush(_ parser: Parser, upTo end: Int) throws(Violation) {
                guard run < end else { return }
                guard let piece = String(validating: parser.bytes[run..<end], as: UTF8.self) else {
                    throw parser.fail("text that is not UTF-8")
                }
                text.append(contentsOf: piece.unicodeScalars)
            }
            while true {
                guard let byte = current else { throw fail("a string without its closing quote") }
                switch byte {
                case UInt8(ascii: "\""):
                    try flush(self, upTo: index)
                    index += 1
                    return String(text)
                case UInt8(ascii: "\\"):
                    try flush(self, upTo: index)
                    index += 1
                    text.append(try escape())
                    run = index
                case 0x00..<0x20:
                    throw fail("a control character inside a string (escape it)")
                default:
                    index += 1
                }
            }
        }

        mutating func escape() throws(Violation) -> Unicode.Scalar {
            guard let byte = current else { throw fail("a string without its closing quote") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let unit = try hex4()
                switch unit {
                case 0xD800...0xDBFF:
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("a lone UTF-16 surrogate in an escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone UTF-16 surrogate in an escape") }
                    return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
                case 0xDC00...0xDFFF:
                    throw fail("a lone UTF-16 surrogate in an escape")
                default:
                    return Unicode.Scalar(unit)!
                }
            default: throw fail("an unknown escape")
            }
        }

        mutating func hex4() throws(Violation) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("a short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw fail("a \\u escape that is not four hex digits")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
