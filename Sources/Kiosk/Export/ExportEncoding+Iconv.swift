extension ExportEncoding {
    /// The name iconv knows the encoding by.
    var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .shiftJIS: "SHIFT_JIS"
        case .windows31J: "CP932"
        }
    }
}
