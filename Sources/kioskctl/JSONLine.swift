import Foundation
import KioskProtocol

/// One JSON object on one line, keys sorted so output is stable for scripts and tests.
enum JSONLine {
    static func encode(_ value: some Encodable) -> String {
        do {
            return String(decoding: try ControlJSON.encoder().encode(value), as: UTF8.self)
        } catch {
            preconditionFailure("kioskctl built a value that is not JSON: \(error)")
        }
    }
}
