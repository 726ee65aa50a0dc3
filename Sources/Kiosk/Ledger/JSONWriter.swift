/// JSON written straight into UTF-8 bytes, for the records a confirm writes on every payment
/// (building a `String` piece by piece cost more than the SQL around it).
///
/// It writes what the ledger's `JSONEncoder` writes: `"` and `\` escaped, control characters as
/// short escapes or `\u00xx`, everything else (slashes and non-ASCII included) as it is.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    /// A writer with room for a typical record.
    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends JSON syntax or a key as it is (the caller's text is trusted ASCII).
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends a decimal integer.
    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        unsigned(value.magnitude)
    }

    /// Appends a decimal unsigned integer.
    mutating func unsigned(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var rest = value
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: digits[start...])
        }
    }

    /// Appends `text` as a quoted JSON string.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#)
            case UInt8(ascii: "\\"): raw(#"\\"#)
            case UInt8(ascii: "\n"): raw(#"\n"#)
            case UInt8(ascii: "\r"): raw(#"\r"#)
            case UInt8(ascii: "\t"): raw(#"\t"#)
            case 0x08: raw(#"\b"#)
            case 0x0C: raw(#"\f"#)
            case ..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                raw(#"\u00"#)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
