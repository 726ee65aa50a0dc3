/// Why bytes could not be read as a PGM image.
public enum PGMFormatError: Error, Hashable, Sendable {
    /// The file does not start with `P5` (binary) or `P2` (plain) graymap magic.
    case notAGraymap
    /// The header's width, height or maximum value is missing or not a number.
    case malformedHeader(field: String)
    /// The header declares a size or maximum value outside what we read.
    case unsupported(String)
    /// Fewer pixel values than the header promises.
    case truncated(expected: Int, found: Int)

    /// A stable identifier for scripts and logs.
    public var code: String {
        switch self {
        case .notAGraymap: "pgm_not_a_graymap"
        case .malformedHeader: "pgm_malformed_header"
        case .unsupported: "pgm_unsupported"
        case .truncated: "pgm_truncated"
        }
    }

    /// One sentence for a person.
    public var message: String {
        switch self {
        case .notAGraymap: "not a PGM image (expected the magic number P5 or P2)"
        case .malformedHeader(let field): "PGM header: the \(field) is missing or not a number"
        case .unsupported(let what): "PGM image not supported: \(what)"
        case .truncated(let expected, let found): "PGM image truncated: \(found) of \(expected) pixels present"
        }
    }
}

extension PGMFormatError: CustomStringConvertible {
    /// The operator's message, so a log line or `print` of the error reads as the sentence.
    public var description: String { message }
}
