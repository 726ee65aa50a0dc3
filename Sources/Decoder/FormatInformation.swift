/// The 15-bit word that tells a reader the error-correction level and the mask (ISO/IEC 18004 7.9).
///
/// Five data bits protected by a BCH(15,5) code and XORed with 0x5412 so it is never all light.
struct FormatInformation: Hashable, Sendable {
    let level: ErrorCorrectionLevel
    let mask: QRMask

    /// The 15 bits as placed in the symbol, least significant bit first in `QRLayout.formatPositions`.
    var bits: UInt16 {
        let data = Int(level.rawValue) << 3 | mask.rawValue
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return UInt16((data << 10 | remainder) ^ 0x5412)
    }

    /// All 32 valid words, for nearest-codeword decoding.
    static let allWords: [(word: UInt16, info: FormatInformation)] = QRMask.all.flatMap { mask in
        ErrorCorrectionLevel.allCases.map { level in
            let info = FormatInformation(level: level, mask: mask)
            return (info.bits, info)
        }
    }
}

/// The 18-bit word that carries the version from version 7 on (ISO/IEC 18004 7.10).
///
/// Six data bits protected by a BCH(18,6) code.
enum VersionInformation {
    /// The 18 bits for `version`, least significant bit first in `QRLayout.versionPositions`.
    static func bits(_ version: QRVersion) -> UInt32 {
        var remainder = version.rawValue
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return UInt32(version.rawValue << 12 | remainder)
    }
}
