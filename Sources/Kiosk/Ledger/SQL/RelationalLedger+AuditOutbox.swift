extension RelationalLedger {
    /// Audit entries after a sequence number, oldest first.
    public func auditEntries(after sequence: Int64, limit: Int) throws(LedgerError) -> [AuditEntry] {
        guard (1...100_000).contains(limit) else { throw .invalidQuery(reason: "the limit must be 1 to 100000") }
        return try read { db throws(LedgerError) in try Self.readAudit(db, after: sequence, limit: limit) }
    }

    static func readAudit(_ db: any SQLDatabase, after sequence: Int64, limit: Int) throws(LedgerError) -> [AuditEntry]
    {
        typealias Row = (Int64, Int64, String, String, Int64?, String?, String, String, String, [UInt8], [UInt8])
        let rows: [Row] = try db.all(
            "SELECT seq, at, actor, role, peer_uid, terminal, action, subject, detail, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
            [.integer(sequence), .integer(Int64(limit))]
        ) {
            (
                $0.int(0), $0.int(1), $0.text(2), $0.text(3), $0.optionalInt(4), $0.optionalText(5), $0.text(6),
                $0.text(7), $0.text(8), $0.blob(9), $0.blob(10)
            )
        }
        var entries: [AuditEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            // An unreadable role or terminal is kept as written (the hash check reports the edit).
            let role = Role(rawValue: row.3)
            let terminal = row.5.flatMap { SiteCode($0) }
            let readable = role != nil && (row.5 == nil || terminal != nil)
            entries.append(
                AuditEntry(
                    sequence: row.0,
                    at: Timestamp(rawValue: row.1),
                    actor: row.2,
                    role: role ?? .staff,
                    peerUID: row.4.map { UInt32(truncatingIfNeeded: $0) },
                    terminal: terminal,
                    action: row.6,
                    subject: row.7,
                    detail: row.8,
                    previousHash: row.9,
                    hash: readable ? row.10 : []
                )
            )
        }
        return entries
    }

    /// Checks the audit chain from the start or from an earlier checkpoint.
    public func verifyAudit(from checkpoint: AuditCheckpoint?) throws(LedgerError) -> AuditVerification {
        try read { db throws(LedgerError) -> AuditVerification in
            var verifier = AuditChainVerifier(after: checkpoint)
            if let checkpoint {
                let stored = try db.first("SELECT hash FROM audit WHERE seq = ?", [.integer(checkpoint.sequence)]) {
                    $0.blob(0)
                }
                if stored != checkpoint.hash {
                    return AuditVerification(
                        checked: 0,
                        firstBad: .init(sequence: checkpoint.sequence, reason: "changed since it was last verified"),
                        checkpoint: nil
                    )
                }
            }
            var after = checkpoint?.sequence ?? 0
            while true {
                let batch = try Self.readAudit(db, after: after, limit: 10_000)
                for entry in batch where !verifier.check(entry) { break }
                guard let last = batch.last, verifier.problem == nil else { break }
                after = last.sequence
            }
            let head = try db.first("SELECT seq, hash FROM audit_head WHERE id = 1") {
                AuditCheckpoint(sequence: $0.int(0), hash: $0.blob(1))
            }
            return verifier.finish(head: head)
        }
    }

    /// Undelivered events due at `now`, oldest first.
    public func dueOutboxEvents(now: Timestamp, limit: Int) throws(LedgerError) -> [OutboxEvent] {
        try read { db throws(LedgerError) in
            let scope = outboxScope
            return try Self.readOutbox(
                db,
                "delivered_at IS NULL AND next_attempt_at <= ?\(scope.sql) ORDER BY id LIMIT ?",
                [.integer(now.rawValue)] + scope.bindings + [.integer(Int64(limit))]
            )
        }
    }

    /// Undelivered events that failed at least once.
    public func failingOutboxEvents(limit: Int) throws(LedgerError) -> [OutboxEvent] {
        try read { db throws(LedgerError) in
            let scope = outboxScope
            return try Self.readOutbox(
                db,
                "delivered_at IS NULL AND attempts > 0\(scope.sql) ORDER BY id LIMIT ?",
                scope.bindings + [.integer(Int64(limit))]
            )
        }
    }

    /// The outbox rows this ledger delivers, as a condition to append with `AND` and its binding:
    /// on a shared ledger opened as a kiosk, its terminal's events and those of no terminal.
    var outboxScope: (sql: String, bindings: [SQLValue]) {
        guard let outboxTerminal else { return ("", []) }
        return (" AND (terminal IS NULL OR terminal = ?)", [.text(outboxTerminal.rawValue)])
    }

    static func readOutbox(
        _ db: any SQLDatabase,
        _ condition: String,
        _ bindings: [SQLValue]
    ) throws(LedgerError)
        -> [OutboxEvent]
    {
        try db.all(
            "SELECT id, created_at, kind, payload, attempts, next_attempt_at, delivered_at, last_error FROM outbox WHERE \(condition)",
            bindings
        ) {
            OutboxEvent(
                id: $0.int(0),
                createdAt: Timestamp(rawValue: $0.int(1)),
                kind: $0.text(2),
                payload: $0.text(3),
                attempts: Int($0.int(4)),
                nextAttemptAt: Timestamp(rawValue: $0.int(5)),
                deliveredAt: $0.optionalInt(6).map { Timestamp(rawValue: $0) },
                lastError: $0.optionalText(7)
            )
        }
    }

    /// Marks an event delivered.
    public func markOutboxDelivered(_ id: Int64, now: Timestamp) throws(LedgerError) {
        try write { db throws(LedgerError) in
            try db.run(
                "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND delivered_at IS NULL",
                [.integer(now.rawValue), .integer(id)]
            )
        }
    }

    /// Records a failed attempt and when to try again.
    public func markOutboxFailed(_ id: Int64, error: String, retryAt: Timestamp) throws(LedgerError) {
        try write { db throws(LedgerError) in
            try db.run(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL",
                [.text(String(error.prefix(1000))), .integer(retryAt.rawValue), .integer(id)]
            )
        }
    }

    /// Counts of pending, failing and delivered events.
    public func outboxStatus() throws(LedgerError) -> OutboxStatus {
        try read { db throws(LedgerError) -> OutboxStatus in
            let scope = outboxScope
            let row = try db.first(
                """
                SELECT count(*) FILTER (WHERE delivered_at IS NULL),
                    count(*) FILTER (WHERE delivered_at IS NULL AND attempts > 0),
                    count(*) FILTER (WHERE delivered_at IS NOT NULL),
                    min(created_at) FILTER (WHERE delivered_at IS NULL)
                FROM outbox WHERE true\(scope.sql)
                """,
                scope.bindings
            ) { ($0.int(0), $0.int(1), $0.int(2), $0.optionalInt(3)) }
            guard let row else { throw .corrupt(reason: "outbox count returned nothing") }
            return OutboxStatus(
                pending: Int(row.0),
                failing: Int(row.1),
                delivered: Int(row.2),
                oldestPending: row.3.map { Timestamp(rawValue: $0) }
            )
        }
    }
}
