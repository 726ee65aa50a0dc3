import Foundation
import Testing

@testable import Kiosk

/// docs/accounts.md tells people what each role may do; this keeps it true.
@Suite struct RoleTableTests {
    @Test func theDocumentedTableIsTheOneEnforced() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/accounts.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let roles: [Role] = [.staff, .manager, .representative, .programOffice]
        var documented: Set<Permission> = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let permission = try #require(Permission(rawValue: name), "unknown permission \(name) in docs")
            documented.insert(permission)
            #expect(cells.count == 6, "\(line)")
            for (role, cell) in zip(roles, cells.suffix(4)) {
                #expect(role.may(permission) == (cell == "yes"), "\(role) \(permission): docs say \(cell)")
            }
        }
        #expect(documented == Set(Permission.allCases))
    }
}
