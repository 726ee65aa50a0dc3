/// Why the encoder or renderer refused its input.
///
/// Nothing is produced when one is thrown.
public enum QREncodeError: Error, Hashable, Sendable {
    /// A character does not belong to the segment's mode.
    case notInMode(Unicode.Scalar, index: Int, mode: QRSegment.Mode)
    /// A code is not a Shift JIS double-byte code Kanji mode can carry.
    case invalidKanjiCode(UInt16, index: Int)
    /// The chosen text encoding has no bytes for a character.
    case notEncodable(Unicode.Scalar, index: Int, encoding: QRTextEncoding)
    /// A structured-append position or total is out of range.
    case invalidStructuredAppend(position: Int, total: Int)
    /// A segment has more characters than its character count indicator can state.
    case segmentTooLong(mode: QRSegment.Mode, characterCount: Int, maximum: Int, version: QRVersion)
    /// The data needs more bits than the largest allowed version holds at the level.
    case dataTooLong(bits: Int, capacity: Int, version: QRVersion, level: ErrorCorrectionLevel)
    /// The allowed versions form an empty range (or a forced version lies outside it).
    case invalidVersionRange(minimum: QRVersion, maximum: QRVersion)
    /// A module size below 1 pixel.
    case invalidModuleSize(Int)
    /// A negative quiet zone.
    case invalidQuietZone(Int)
    /// The rendered image would be wider than ``QRMatrix/largestImageSide`` pixels.
    case imageTooLarge(side: Int)

    /// A stable identifier for scripts and the control protocol.
    ///
    /// Never rename one.
    public var code: String {
        switch self {
        case .notInMode: "qr_character_not_in_mode"
        case .invalidKanjiCode: "qr_invalid_kanji_code"
        case .notEncodable: "qr_character_not_encodable"
        case .invalidStructuredAppend: "qr_invalid_structured_append"
        case .segmentTooLong: "qr_segment_too_long"
        case .dataTooLong: "qr_data_too_long"
        case .invalidVersionRange: "qr_invalid_version_range"
        case .invalidModuleSize: "qr_invalid_module_size"
        case .invalidQuietZone: "qr_invalid_quiet_zone"
        case .imageTooLarge: "qr_image_too_large"
        }
    }

    /// One sentence for the operator naming what was wrong.
    public var message: String {
        switch self {
        case .notInMode(let scalar, let index, let mode):
            "Character \(QREncodeError.describe(scalar)) at index \(index) cannot be encoded in \(mode) mode."
        case .invalidKanjiCode(let code, let index):
            "Code 0x\(String(code, radix: 16, uppercase: true)) at index \(index) is not a Kanji-mode "
                + "Shift JIS code (0x8140-0x9FFC or 0xE040-0xEBBF)."
        case .notEncodable(let scalar, let index, let encoding):
            "Character \(QREncodeError.describe(scalar)) at index \(index) has no bytes in \(encoding)."
        case .invalidStructuredAppend(let position, let total):
            "Structured append position \(position) of \(total) symbols is invalid "
                + "(2 to 16 symbols, positions from 0)."
        case .segmentTooLong(let mode, let count, let maximum, let version):
            "A \(mode) segment of \(count) characters exceeds the \(maximum) its count field "
                + "holds in version \(version)."
        case .dataTooLong(let bits, let capacity, let version, let level):
            "The data needs \(bits) bits but version \(version)-\(level) holds only \(capacity)."
        case .invalidVersionRange(let minimum, let maximum):
            "No version can be used: the allowed range is \(minimum) to \(maximum)."
        case .invalidModuleSize(let size):
            "Module size \(size) is invalid: a module needs at least 1 pixel."
        case .invalidQuietZone(let modules):
            "Quiet zone \(modules) is invalid: it cannot be negative."
        case .imageTooLarge(let side):
            "The image would be \(side) pixels wide, more than \(QRMatrix.largestImageSide)."
        }
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return scalar.properties.isWhitespace || scalar.value < 0x20 ? code : "'\(scalar)' (\(code))"
    }
}

extension QREncodeError: CustomStringConvertible {
    /// The operator's message, so a log line or `print` of the error reads as the sentence.
    public var description: String { message }
}
