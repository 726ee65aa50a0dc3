import Foundation

/// One JSON object on one line, keys sorted so output is stable for scripts and tests.
enum JSONLine {
    static func encode(_ object: [String: Any]) -> String {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { preconditionFailure("kioskctl built a JSON object that is not JSON: \(object)") }
        return String(decoding: data, as: UTF8.self)
    }
}
