/// A strict RFC 4180 reader for the tests: CRLF after every record, quotes only around a whole
/// field, quotes inside doubled, no bare CR or LF outside quotes, every record the same width.
enum CSVReader {
    struct Failure: Error, Equatable {
        var offset: Int
        var reason: String
    }

    static func parse(_ bytes: [UInt8]) throws(Failure) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var index = 0
        var atFieldStart = true
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll()
        }
        while index < bytes.count {
            let byte = bytes[index]
            if atFieldStart && byte == 0x22 {
                index += 1
                while true {
                    guard index < bytes.count else { throw Failure(offset: index, reason: "unterminated quote") }
                    if bytes[index] == 0x22 {
                        if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
                            field.append(0x22)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
                guard index < bytes.count, bytes[index] == 0x2C || bytes[index] == 0x0D else {
                    throw Failure(offset: index, reason: "text after a closing quote")
                }
                atFieldStart = false
                continue
            }
            switch byte {
            case 0x2C:
                endField()
                atFieldStart = true
                index += 1
            case 0x0D:
                guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else {
                    throw Failure(offset: index, reason: "CR without LF")
                }
                endField()
                records.append(record)
                record = []
                atFieldStart = true
                index += 2
            case 0x0A: throw Failure(offset: index, reason: "LF without CR")
            case 0x22: throw Failure(offset: index, reason: "quote inside an unquoted field")
            default:
                field.append(byte)
                atFieldStart = false
                index += 1
            }
        }
        guard record.isEmpty, field.isEmpty else {
            throw Failure(offset: index, reason: "no CRLF after the last record")
        }
        if let width = records.first?.count, let bad = records.firstIndex(where: { $0.count != width }) {
            throw Failure(offset: bad, reason: "record \(bad + 1) has \(records[bad].count) fields, not \(width)")
        }
        return records
    }
}
