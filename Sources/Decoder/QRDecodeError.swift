/// Why a module grid did not yield a QR symbol, named by the decoding stage that failed.
///
/// The grid decoder runs its stages in order (size, format information, version information,
/// Reed-Solomon blocks, segment stream) and stops at the first failure, so the case says how far
/// the grid got. A grid is also retried mirrored; the error reported is the one from the
/// orientation that got further (the upright one on a tie).
public enum QRDecodeError: Error, Hashable, Sendable {
    /// The grid is not the size of any version (21 to 177 modules per side, in steps of 4), or
    /// the module buffer does not hold `side * side` modules.
    case size(side: Int, modules: Int)
    /// Neither copy of the format information is within 3 bit errors of a valid word.
    case formatInformation
    /// Neither copy of the version information (versions 7 and up) is within 3 bit errors of a
    /// valid word for the grid's size; `read` is the version the nearer copy named, if any.
    case versionInformation(gridVersion: QRVersion, read: QRVersion?)
    /// Reed-Solomon block `block` (counted from 0 in placement order) of `blocks` has more
    /// errors and erasures than the level can correct.
    case reedSolomon(block: Int, blocks: Int)
    /// The segment stream holds a mode indicator the standard does not define.
    case unknownMode(indicator: UInt8, bitOffset: Int)
    /// The segment stream holds a mode this decoder does not read (a Hanzi segment of a subset
    /// other than GB 2312), or an FNC1 mode indicator after the data has begun.
    case unsupportedMode(indicator: UInt8, bitOffset: Int)
    /// A segment's header or data runs past the end of the data codewords.
    case segmentOverflow(bitOffset: Int)
    /// A numeric group above its range (999, 99 or 9), an alphanumeric value above 44, or a
    /// Kanji value outside the Shift JIS double-byte ranges.
    case invalidCharacter(bitOffset: Int)
    /// An ECI designator with an invalid first byte or a value above 999999.
    case invalidECI(bitOffset: Int)
    /// A structured append header that is not first or whose position is not below its count.
    case invalidStructuredAppend(bitOffset: Int)
    /// The bits after the last segment are not a terminator followed by zero bits to the
    /// codeword boundary.
    case terminator(bitOffset: Int)
    /// A pad codeword after the terminator is not the expected 0xEC or 0x11.
    case padding(codeword: Int)

    /// A stable identifier for logs and the control protocol.
    ///
    /// Never renamed: callers and logs match on it.
    public var code: String {
        switch self {
        case .size: "qr_grid_size"
        case .formatInformation: "qr_format_information"
        case .versionInformation: "qr_version_information"
        case .reedSolomon: "qr_reed_solomon"
        case .unknownMode: "qr_unknown_mode"
        case .unsupportedMode: "qr_unsupported_mode"
        case .segmentOverflow: "qr_segment_overflow"
        case .invalidCharacter: "qr_invalid_character"
        case .invalidECI: "qr_invalid_eci"
        case .invalidStructuredAppend: "qr_invalid_structured_append"
        case .terminator: "qr_terminator"
        case .padding: "qr_padding"
        }
    }

    /// One sentence for an operator.
    public var message: String {
        switch self {
        case .size(let side, let modules):
            "A \(side)-module grid with \(modules) modules is not the size of any QR version."
        case .formatInformation:
            "Neither copy of the format information is within 3 bit errors of a valid word."
        case .versionInformation(let gridVersion, let read?):
            "The version information reads version \(read), but the grid has the size of version \(gridVersion)."
        case .versionInformation(let gridVersion, nil):
            "Neither copy of the version information is readable (grid of version \(gridVersion))."
        case .reedSolomon(let block, let blocks):
            "Reed-Solomon block \(block + 1) of \(blocks) has more errors than the level can correct."
        case .unknownMode(let indicator, let offset):
            "Mode indicator \(indicator) at data bit \(offset) is not defined by the standard."
        case .unsupportedMode(let indicator, let offset):
            "Mode \(indicator) at data bit \(offset) is not supported: Hanzi other than GB 2312, or FNC1 after data."
        case .segmentOverflow(let offset):
            "The segment at data bit \(offset) runs past the end of the data codewords."
        case .invalidCharacter(let offset):
            "The character value at data bit \(offset) is out of range for its mode."
        case .invalidECI(let offset):
            "The ECI designator at data bit \(offset) is invalid."
        case .invalidStructuredAppend(let offset):
            "The structured append header at data bit \(offset) is misplaced or inconsistent."
        case .terminator(let offset):
            "The data bits from \(offset) on are not a terminator followed by zero bits."
        case .padding(let codeword):
            "Pad codeword \(codeword) is not the expected 0xEC or 0x11."
        }
    }

    /// How far decoding got: later stages rank higher, so the more informative error wins.
    var stage: Int {
        switch self {
        case .size: 0
        case .formatInformation: 1
        case .versionInformation: 2
        case .reedSolomon: 3
        default: 4
        }
    }
}

extension QRDecodeError: CustomStringConvertible {
    /// The operator's message, so a log line or `print` of the error reads as the sentence.
    public var description: String { message }
}
