import Foundation
import KioskProtocol
import Testing

/// docs/protocol.md, the operators' and POS developers' reference, names exactly the operations
/// and events the protocol module has.
@Suite struct ProtocolDocumentTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/protocol.md"), encoding: .utf8)) ?? ""
    }()

    /// The lines of the section under `heading`, up to the next heading of its level.
    static func section(_ heading: String) -> [Substring] {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == "## \(heading)" }) else { return [] }
        let rest = lines[(start + 1)...]
        let end = rest.firstIndex(where: { $0.hasPrefix("## ") }) ?? rest.endIndex
        return Array(rest[..<end])
    }

    /// The backticked names in a table row's first cell.
    static func names(inFirstCellOf row: Substring) -> [String] {
        let cells = row.split(separator: "|", omittingEmptySubsequences: false)
        guard cells.count > 2 else { return [] }
        return cells[1].split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test func theOperationsTableNamesEveryOperationOnce() {
        let rows = Self.section("Operations").filter { $0.hasPrefix("| `") }
        let documented = rows.flatMap(Self.names(inFirstCellOf:))
        #expect(!documented.isEmpty, "docs/protocol.md has no operations table")
        #expect(documented.count == Set(documented).count, "an operation is listed twice")
        let module = ControlRequest.Operation.allCases.map(\.rawValue)
        #expect(Set(documented).subtracting(module).sorted() == [], "documented but not in KioskProtocol")
        #expect(Set(module).subtracting(documented).sorted() == [], "in KioskProtocol but not documented")
    }

    @Test func theEventsSectionNamesEveryEvent() {
        let lines = Self.section("Events").filter { $0.hasPrefix(#"{"event": ""#) }
        let documented = lines.compactMap { line in line.split(separator: "\"").dropFirst(3).first.map(String.init) }
        #expect(Set(documented) == Set(ControlEvent.Kind.allCases.map(\.rawValue)))
    }
}
