import Foundation

/// One JSON object on one line, keys sorted so output is stable for scripts and tests.
enum JSONLine {
    static func encode(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { preconditionFailure("kioskctl built a value that is not JSON: \(value)") }
        return String(decoding: data, as: UTF8.self)
    }
}
