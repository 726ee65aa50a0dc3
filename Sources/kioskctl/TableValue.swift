import Foundation
import KioskProtocol

/// A protocol view as the generic tables see it: its wire keys and values, read back from its
/// own JSON encoding, so a list's columns are named exactly as `--json` names them.
///
/// Only the tables walk values by key; everything else renders the typed views.
indirect enum TableValue: Codable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case text(String)
    case list([TableValue])
    case object([String: TableValue])

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let flag = try? value.decode(Bool.self) {
            self = .bool(flag)
        } else if let whole = try? value.decode(Int64.self) {
            self = .integer(whole)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else if let text = try? value.decode(String.self) {
            self = .text(text)
        } else if let list = try? value.decode([TableValue].self) {
            self = .list(list)
        } else {
            self = .object(try value.decode([String: TableValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var value = encoder.singleValueContainer()
        switch self {
        case .null: try value.encodeNil()
        case .bool(let flag): try value.encode(flag)
        case .integer(let whole): try value.encode(whole)
        case .number(let number): try value.encode(number)
        case .text(let text): try value.encode(text)
        case .list(let list): try value.encode(list)
        case .object(let object): try value.encode(object)
        }
    }

    /// The value of a view as its JSON encoding has it.
    static func of(_ view: some Encodable) -> TableValue {
        do {
            return try JSONDecoder().decode(TableValue.self, from: try ControlJSON.encoder().encode(view))
        } catch {
            preconditionFailure("a protocol view always encodes to JSON: \(error)")
        }
    }

    /// The object's fields; empty for anything else.
    var fields: [String: TableValue] {
        if case .object(let fields) = self { fields } else { [:] }
    }
}
