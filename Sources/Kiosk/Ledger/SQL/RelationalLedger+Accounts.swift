import Foundation

extension RelationalLedger {
    /// Adds an account.
    public func createAccount(_ account: Account, by principal: Principal, now: Timestamp) throws(LedgerError) {
        let lockout = try Self.json(account.lockout)
        try write { db throws(LedgerError) in
            let name = SQLValue.text(account.name.rawValue)
            if try db.first("SELECT 1 FROM accounts WHERE name = ?", [name], { _ in true }) != nil {
                throw .duplicate(kind: "account", key: account.name.rawValue)
            }
            try db.run(
                """
                INSERT INTO accounts (name, role, password_hash, must_change, lockout, created_at, password_set_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    name, .text(account.role.rawValue), .text(account.passwordHash),
                    .integer(account.mustChangePassword ? 1 : 0), .text(lockout), .integer(account.createdAt.rawValue),
                    .integer(account.passwordSetAt.rawValue),
                ]
            )
            try db.run(
                "INSERT INTO password_history (account, set_at, password_hash) VALUES (?, ?, ?)",
                [name, .integer(account.passwordSetAt.rawValue), .text(account.passwordHash)]
            )
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "account.created",
                subject: account.name.rawValue,
                detail: ["role": account.role.rawValue]
            )
        }
    }

    /// The account with this name, or `nil`.
    public func account(named name: AccountName) throws(LedgerError) -> Account? {
        try read { db throws(LedgerError) in
            let rows = try db.all(
                "SELECT \(Self.accountColumns) FROM accounts WHERE name = ?",
                [.text(name.rawValue)],
                Self.accountRow
            )
            return try rows.first.map { row throws(LedgerError) in try Self.account(from: row) }
        }
    }

    /// Every account, by name.
    public func accounts() throws(LedgerError) -> [Account] {
        try read { db throws(LedgerError) in
            var accounts: [Account] = []
            for row in try db.all("SELECT \(Self.accountColumns) FROM accounts ORDER BY name", [], Self.accountRow) {
                accounts.append(try Self.account(from: row))
            }
            return accounts
        }
    }

    /// Sets an account's password hash and keeps it in the history.
    public func setPassword(
        of name: AccountName,
        hash: String,
        mustChange: Bool,
        action: String,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) {
        let cleared = try Self.json(LoginLockout())
        try write { db throws(LedgerError) in
            let changed = try db.run(
                "UPDATE accounts SET password_hash = ?, must_change = ?, lockout = ?, password_set_at = ? WHERE name = ?",
                [.text(hash), .integer(mustChange ? 1 : 0), .text(cleared), .integer(now.rawValue), .text(name.rawValue)]
            )
            guard changed == 1 else { throw .corrupt(reason: "account \(name) vanished while its password was set") }
            try db.run(
                "INSERT INTO password_history (account, set_at, password_hash) VALUES (?, ?, ?)",
                [.text(name.rawValue), .integer(now.rawValue), .text(hash)]
            )
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: action,
                subject: name.rawValue,
                detail: ["initial": mustChange]
            )
        }
    }

    /// The account's most recent password hashes, newest first.
    public func passwordHistory(of name: AccountName, limit: Int) throws(LedgerError) -> [String] {
        try read { db throws(LedgerError) in
            try db.all(
                "SELECT password_hash FROM password_history WHERE account = ? ORDER BY seq DESC LIMIT ?",
                [.text(name.rawValue), .integer(Int64(limit))]
            ) { $0.text(0) }
        }
    }

    /// Stores a login attempt's lockout state with its audit entry.
    public func recordLogin(
        of name: AccountName,
        lockout: LoginLockout,
        succeeded: Bool,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) {
        let state = try Self.json(lockout)
        try write { db throws(LedgerError) in
            try db.run("UPDATE accounts SET lockout = ? WHERE name = ?", [.text(state), .text(name.rawValue)])
            let action =
                succeeded ? "login.succeeded" : lockout.isLocked(at: now) ? "login.locked" : "login.failed"
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: action,
                subject: name.rawValue,
                detail: ["locked_until": lockout.lockedUntil?.description ?? ""]
            )
        }
    }

    /// Clears an account's failed logins and lock, with its audit entry.
    public func unlockAccount(_ name: AccountName, by principal: Principal, now: Timestamp) throws(LedgerError) {
        let cleared = try Self.json(LoginLockout())
        try write { db throws(LedgerError) in
            let previous = try db.first("SELECT lockout FROM accounts WHERE name = ?", [.text(name.rawValue)]) { $0.text(0) }
            guard let previous else { throw .corrupt(reason: "account \(name) vanished while it was unlocked") }
            try db.run("UPDATE accounts SET lockout = ? WHERE name = ?", [.text(cleared), .text(name.rawValue)])
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "account.unlocked",
                subject: name.rawValue,
                detail: ["previous_lockout": previous]
            )
        }
    }

    static let accountColumns = "name, role, password_hash, must_change, lockout, created_at, password_set_at"

    typealias AccountRow = (String, String, String, Int64, String, Int64, Int64)

    static func accountRow(_ row: SQLRow) -> AccountRow {
        (row.text(0), row.text(1), row.text(2), row.int(3), row.text(4), row.int(5), row.int(6))
    }

    static func account(from row: AccountRow) throws(LedgerError) -> Account {
        guard let name = AccountName(row.0), let role = Role(rawValue: row.1) else {
            throw .corrupt(reason: "account \(row.0) has name or role \(row.1) this kioskd does not know")
        }
        let lockout: LoginLockout
        do {
            lockout = try JSONDecoder().decode(LoginLockout.self, from: Data(row.4.utf8))
        } catch {
            throw .corrupt(reason: "account \(row.0) lockout state")
        }
        return Account(
            name: name,
            role: role,
            passwordHash: row.2,
            mustChangePassword: row.3 == 1,
            lockout: lockout,
            createdAt: Timestamp(rawValue: row.5),
            passwordSetAt: Timestamp(rawValue: row.6)
        )
    }
}
