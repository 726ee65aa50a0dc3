extension RelationalLedger {
    /// How long wrong typed codes are kept: far longer than any limit looks back, so an operator
    /// can still see a guessing attempt weeks later.
    static let typedCodeFailureRetentionSeconds: Int64 = 31 * 86_400

    /// Records a wrong typed code durably and forgets those older than a month.
    public func recordTypedCodeFailure(_ failure: TypedCodeFailure) throws(LedgerError) {
        try writeUnaudited { db throws(LedgerError) in
            _ = try db.run(
                "INSERT INTO typed_code_failures (at, terminal, login) VALUES (?, ?, ?)",
                [.integer(failure.at.rawValue), .text(failure.terminal.rawValue), .text(failure.login)]
            )
            _ = try db.run(
                "DELETE FROM typed_code_failures WHERE at < ?",
                [.integer(failure.at.adding(seconds: -Self.typedCodeFailureRetentionSeconds).rawValue)]
            )
        }
    }

    /// Wrong typed codes at `terminal` or by `login` at or after `since`, oldest first.
    public func typedCodeFailures(
        terminal: SiteCode,
        login: String,
        since: Timestamp
    ) throws(LedgerError) -> [TypedCodeFailure] {
        try read { db throws(LedgerError) -> [TypedCodeFailure] in
            // The row number keeps two failures of the same instant apart in the union.
            let rows: [(Int64, String, String)] = try db.all(
                """
                SELECT seq, at, terminal, login FROM typed_code_failures WHERE terminal = ? AND at >= ?
                UNION
                SELECT seq, at, terminal, login FROM typed_code_failures WHERE login = ? AND at >= ?
                ORDER BY 2, 1
                """,
                [.text(terminal.rawValue), .integer(since.rawValue), .text(login), .integer(since.rawValue)]
            ) { ($0.int(1), $0.text(2), $0.text(3)) }
            return rows.compactMap { row in
                SiteCode(row.1).map { TypedCodeFailure(at: Timestamp(rawValue: row.0), terminal: $0, login: row.2) }
            }
        }
    }
}
