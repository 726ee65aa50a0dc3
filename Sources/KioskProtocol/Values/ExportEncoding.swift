/// The character encoding of an export file.
///
/// 002's management site hands out Shift_JIS, which Japanese spreadsheet software opens directly;
/// UTF-8 holds every character. Windows-31J (Microsoft's Shift_JIS, iconv's "CP932") adds the NEC
/// and IBM extensions, such as "①" and "㈱", that strict Shift_JIS lacks.
public enum ExportEncoding: String, Hashable, Sendable, Codable, CaseIterable {
    /// UTF-8, no byte order mark.
    case utf8 = "utf-8"
    /// Shift_JIS (JIS X 0208 and JIS X 0201), through iconv's "SHIFT_JIS". Strict: a character it
    /// cannot hold is refused, and so are "\" and "~", whose bytes Shift_JIS readers show as "¥" and "‾".
    case shiftJIS = "shift_jis"
    /// Windows-31J, through iconv's "CP932".
    case windows31J = "windows-31j"

    /// The name shown to operators.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .shiftJIS: "Shift_JIS"
        case .windows31J: "Windows-31J"
        }
    }
}
