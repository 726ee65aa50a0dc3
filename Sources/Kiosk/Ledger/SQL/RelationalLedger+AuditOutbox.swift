extension RelationalLedger {
    /// Audit entries of every chain after a position in the whole log, in the log's order.
    public func auditEntries(after position: Int64, limit: Int) throws(LedgerError) -> [AuditEntry] {
        guard (1...100_000).contains(limit) else { throw .invalidQuery(reason: "the limit must be 1 to 100000") }
        return try read { db throws(LedgerError) in try Self.readAudit(db, after: position, limit: limit) }
    }

    static func readAudit(_ db: any SQLDatabase, after position: Int64, limit: Int) throws(LedgerError) -> [AuditEntry]
    {
        typealias Row = (Int64, String, Int64, Int64, String, String, Int64?, String?, String, String, String, [UInt8], [UInt8])
        let rows: [Row] = try db.all(
            "SELECT seq, chain, chain_seq, at, actor, role, peer_uid, terminal, action, subject, detail, prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
            [.integer(position), .integer(Int64(limit))]
        ) {
            (
                $0.int(0), $0.text(1), $0.int(2), $0.int(3), $0.text(4), $0.text(5), $0.optionalInt(6), $0.optionalText(7),
                $0.text(8), $0.text(9), $0.text(10), $0.blob(11), $0.blob(12)
            )
        }
        var entries: [AuditEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            // An unreadable chain, role or terminal is kept as written (the hash check reports the edit).
            let chain = row.1.isEmpty ? nil : SiteCode(row.1)
            let role = Role(rawValue: row.5)
            let terminal = row.7.flatMap { SiteCode($0) }
            let readable = role != nil && (row.7 == nil || terminal != nil) && (row.1.isEmpty || chain != nil)
            entries.append(
                AuditEntry(
                    sequence: row.2,
                    chain: chain,
                    position: row.0,
                    at: Timestamp(rawValue: row.3),
                    actor: row.4,
                    role: role ?? .staff,
                    peerUID: row.6.map { UInt32(truncatingIfNeeded: $0) },
                    terminal: terminal,
                    action: row.8,
                    subject: row.9,
                    detail: row.10,
                    previousHash: row.11,
                    hash: readable ? row.12 : []
                )
            )
        }
        return entries
    }

    /// Every chain's last entry, by chain (`nil`: the ledger's own).
    static func readAuditHeads(_ db: any SQLDatabase) throws(LedgerError) -> [SiteCode?: AuditCheckpoint] {
        let rows = try db.all("SELECT chain, seq, hash FROM audit_heads") { ($0.text(0), $0.int(1), $0.blob(2)) }
        var heads: [SiteCode?: AuditCheckpoint] = [:]
        for row in rows {
            let chain: SiteCode? = row.0.isEmpty ? nil : SiteCode(row.0)
            guard row.0.isEmpty || chain != nil else { throw .corrupt(reason: "an audit chain is named '\(row.0)'") }
            heads[chain] = AuditCheckpoint(sequence: row.1, hash: row.2)
        }
        return heads
    }

    /// Checks every audit chain from its start (the ledger's own from an earlier checkpoint when
    /// given), the terminal chains' anchors, and each chain's head.
    public func verifyAudit(from checkpoint: AuditCheckpoint?) throws(LedgerError) -> AuditVerification {
        try read { db throws(LedgerError) -> AuditVerification in
            var verifier = AuditLogVerifier(after: checkpoint)
            if let checkpoint {
                let stored = try db.first("SELECT hash FROM audit WHERE chain = '' AND chain_seq = ?", [.integer(checkpoint.sequence)]) {
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
            // One chain (a kiosk's file): its place in the log is its place in the chain, so the
            // walk starts after the checkpoint. Several: every terminal chain is walked whole.
            var after = keepsTerminalChains ? 0 : checkpoint?.sequence ?? 0
            while true {
                let batch = try Self.readAudit(db, after: after, limit: 10_000)
                for entry in batch where !verifier.check(entry) { break }
                guard let last = batch.last, verifier.problem == nil else { break }
                after = last.position
            }
            var stored: [AuditLogVerifier.AnchoredHead: [UInt8]?] = [:]
            for anchored in verifier.unresolved {
                stored[anchored] = try db.first(
                    "SELECT hash FROM audit WHERE chain = ? AND chain_seq = ?",
                    [.text(anchored.chain.rawValue), .integer(anchored.head.sequence)]
                ) { $0.blob(0) }
            }
            return verifier.finish(heads: try Self.readAuditHeads(db), stored: stored)
        }
    }

    /// Writes an anchor into the ledger's own chain: the last entry of every terminal chain that
    /// moved since the previous anchor (``AuditAnchor``). Returns it, or `nil` when no chain moved
    /// (always on a kiosk's own file, which has one chain).
    @discardableResult
    public func anchorAuditChains(now: Timestamp) throws(LedgerError) -> AuditAnchor? {
        guard keepsTerminalChains else { return nil }
        return try write { db throws(LedgerError) -> AuditAnchor? in
            let anchored = try db.all("SELECT chain, seq FROM audit_anchored") { ($0.text(0), $0.int(1)) }
            let previous = Dictionary(anchored, uniquingKeysWith: { first, _ in first })
            var moved: [SiteCode: AuditCheckpoint] = [:]
            for (chain, head) in try Self.readAuditHeads(db) {
                guard let chain, previous[chain.rawValue] != head.sequence else { continue }
                moved[chain] = head
            }
            guard !moved.isEmpty else { return nil }
            let anchor = AuditAnchor(heads: moved)
            try Self.appendAudit(db, principal: .system, now: now, action: AuditAnchor.action, subject: "chains", detail: anchor)
            for (chain, head) in moved {
                try db.run(
                    "INSERT INTO audit_anchored (chain, seq) VALUES (?, ?) ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq",
                    [.text(chain.rawValue), .integer(head.sequence)]
                )
            }
            return anchor
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
        try writeUnaudited { db throws(LedgerError) in
            try db.run(
                "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND delivered_at IS NULL",
                [.integer(now.rawValue), .integer(id)]
            )
        }
    }

    /// Records a failed attempt and when to try again.
    public func markOutboxFailed(_ id: Int64, error: String, retryAt: Timestamp) throws(LedgerError) {
        try writeUnaudited { db throws(LedgerError) in
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
