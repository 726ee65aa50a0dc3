import Testing

@testable import Kiosk

/// Statements sent later (with the next that needs an answer, at the latest the commit) are
/// committed, or fail the transaction, as if sent at once; a transaction that sent nothing costs
/// the server nothing.
@Suite struct DeferredStatementTests {
    func merchants(_ f: LedgerFixture) throws -> [String] {
        try f.ledger.read { db throws(LedgerError) in try db.all("SELECT code FROM merchants ORDER BY code") { $0.text(0) } }
    }

    @Test func aTransactionOfDeferredStatementsAloneIsCommitted() throws {
        let f = try LedgerFixture()
        let before = try merchants(f)
        try f.ledger.writeUnaudited { db throws(LedgerError) in
            try db.runLater("INSERT INTO merchants (code, name) VALUES (?, ?)", [.text("ZZ1"), .text("later")])
        }
        #expect(try merchants(f) == before + ["ZZ1"])
    }

    @Test func aDeferredStatementThatFailsUndoesItsTransaction() throws {
        let f = try LedgerFixture()
        let before = try merchants(f)
        #expect(throws: LedgerError.self) {
            try f.ledger.writeUnaudited { db throws(LedgerError) in
                try db.runLater("INSERT INTO merchants (code, name) VALUES (?, ?)", [.text("ZZ2"), .text("first")])
                try db.runLater("INSERT INTO merchants (code, name) VALUES (?, ?)", [.text("ZZ2"), .text("again")])
            }
        }
        #expect(try merchants(f) == before)
    }
}
