/// The settlement data file (決済データ) in the layout of 002 section 8-4: 16 named columns and 12
/// unused ones, a header row, RFC 4180 quoting, CRLF line ends.
///
/// One line per payment (ND) and per refund (RF), in time order. Amounts are positive for refunds
/// too; a refund names its payment in 元・伝票番号. docs/reports.md describes every column.
public enum SettlementCSV {
    /// The 28 column names of the header row, in order.
    public static let columns: [String] =
        [
            "加盟店コード", "加盟店名称", "決済日時", "伝票番号", "決済金額", "OEMコード", "OEM名称", "データ種別",
            "リファンド回数", "立て直し回数", "データフォーマット", "処理・決済日時", "処理・伝票番号", "担当者名", "備考",
            "元・伝票番号",
        ] + (1...12).map { "予備\($0)" }

    /// The fields of one record's line, before quoting.
    ///
    /// - Parameters:
    ///   - record: A payment or refund from ``LedgerReports/settlementRecords(in:store:)``.
    ///   - time: Formats an instant as "YYYY/MM/DD HH24:MI:SS" in the ledger's zone.
    /// - Returns: 28 fields.
    public static func fields(of record: SettlementRecord, time: (Timestamp) -> String) -> [String] {
        let refund = record.kind == .refund
        let atKiosk = refund && record.role != .programOffice
        var fields = [
            record.merchant.rawValue,
            record.merchantName,
            time(record.at),
            record.slip,
            String(record.amount.rawValue),
            record.program.rawValue,
            record.programName,
            record.kind.rawValue,
            refund ? "1" : "0",
            "0",
            record.kind.rawValue,
            refund ? time(record.at) : "",
            refund ? record.slip : "",
            refund && !atKiosk ? record.operatorName ?? "" : "",
            atKiosk ? "\(record.programName):\(record.operatorName ?? "")" : "",
            record.originalSlip ?? "",
        ]
        fields += repeatElement("", count: 12)
        return fields
    }

    /// Appends one CSV line (RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes
    /// doubled; CRLF at the end) as UTF-8 to `line`, and each field's starting offset to `starts`.
    static func appendLine(_ fields: [String], to line: inout [UInt8], starts: inout [Int]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            starts.append(line.count)
            let bytes = field.utf8
            if bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) {
                line.append(0x22)
                for byte in bytes {
                    if byte == 0x22 { line.append(0x22) }
                    line.append(byte)
                }
                line.append(0x22)
            } else {
                line.append(contentsOf: bytes)
            }
        }
        line.append(contentsOf: [0x0D, 0x0A])
    }
}
