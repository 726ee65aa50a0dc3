import Synchronization

extension RelationalLedger {
    /// Every merchant, by code.
    public func merchants() throws(LedgerError) -> [Merchant] {
        try read { db throws(LedgerError) in try Self.readMerchants(db, where: "1 = 1", []) }
    }

    /// The merchant with this code.
    ///
    /// - Throws: ``LedgerError/unknownSite(kind:code:)``.
    public func merchant(_ code: SiteCode) throws(LedgerError) -> Merchant {
        try read { db throws(LedgerError) in
            guard let merchant = try Self.readMerchants(db, where: "code = ?", [.text(code.rawValue)]).first else {
                throw .unknownSite(kind: "merchant", code: code)
            }
            return merchant
        }
    }

    /// The stores of a merchant, or every store, by code.
    public func stores(of merchant: SiteCode?) throws(LedgerError) -> [Store] {
        try read { db throws(LedgerError) in
            let rows: [(String, String, String, Int64?)] = try db.all(
                "SELECT code, merchant, name, disabled_at FROM stores \(merchant == nil ? "" : "WHERE merchant = ?") ORDER BY code",
                merchant.map { [.text($0.rawValue)] } ?? []
            ) { ($0.text(0), $0.text(1), $0.text(2), $0.optionalInt(3)) }
            return rows.compactMap { row in
                guard let code = SiteCode(row.0), let owner = SiteCode(row.1) else { return nil }
                return Store(code: code, merchant: owner, name: row.2, disabledAt: row.3.map { Timestamp(rawValue: $0) })
            }
        }
    }

    /// The store with this code.
    ///
    /// - Throws: ``LedgerError/unknownSite(kind:code:)``.
    public func store(_ code: SiteCode) throws(LedgerError) -> Store {
        guard let store = try stores(of: nil).first(where: { $0.code == code }) else { throw .unknownSite(kind: "store", code: code) }
        return store
    }

    /// The terminals of a store, or every terminal, by code.
    public func terminals(in store: SiteCode?) throws(LedgerError) -> [Terminal] {
        try read { db throws(LedgerError) in
            let codes = try db.all(
                "SELECT code FROM terminals \(store == nil ? "" : "WHERE store = ?") ORDER BY code",
                store.map { [.text($0.rawValue)] } ?? []
            ) { $0.text(0) }
            var terminals: [Terminal] = []
            for code in codes.compactMap(SiteCode.init) { terminals.append(try Self.readTerminal(db, code)) }
            return terminals
        }
    }

    /// Changes a site's name, a merchant's representative or contact, or disables or enables it;
    /// audited as `<kind>.changed`, `<kind>.disabled` or `<kind>.enabled`.
    ///
    /// - Throws: ``LedgerError/unknownSite(kind:code:)``, ``LedgerError/invalidText(field:reason:)``.
    public func changeSite(
        _ kind: SiteKind,
        _ code: SiteCode,
        _ change: SiteChange,
        by principal: Principal,
        now: Timestamp
    ) throws(LedgerError) {
        if let name = change.name { try Self.checkName(name) }
        try Self.checkSiteText(representative: change.representative ?? "", contact: change.contact ?? "")
        guard kind == .merchant || (change.representative == nil && change.contact == nil) else {
            throw .invalidText(field: "representative", reason: "only a merchant has a representative and a contact")
        }
        let table = "\(kind.rawValue)s"
        try write { db throws(LedgerError) in
            guard try db.first("SELECT 1 FROM \(table) WHERE code = ?", [.text(code.rawValue)], { _ in true }) != nil else {
                throw .unknownSite(kind: kind.rawValue, code: code)
            }
            var sets: [String] = []
            var values: [SQLValue] = []
            if let name = change.name { sets.append("name = ?"); values.append(.text(name)) }
            if let representative = change.representative { sets.append("representative = ?"); values.append(.text(representative)) }
            if let contact = change.contact { sets.append("contact = ?"); values.append(.text(contact)) }
            if let disabled = change.disabled {
                sets.append("disabled_at = ?")
                values.append(disabled ? .integer(now.rawValue) : .null)
            }
            guard !sets.isEmpty else { throw .invalidText(field: "change", reason: "give at least one of name, representative, contact, disabled") }
            try db.run("UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE code = ?", values + [.text(code.rawValue)])
            struct Detail: Encodable { var name: String?, representative: String?, contact: String? }
            let action =
                switch change.disabled {
                case true?: "disabled"
                case false?: "enabled"
                case nil: "changed"
                }
            try Self.appendAudit(
                db,
                principal: principal,
                now: now,
                action: "\(kind.rawValue).\(action)",
                subject: code.rawValue,
                detail: Detail(name: change.name, representative: change.representative, contact: change.contact)
            )
            // Every kiosk listening on the shared ledger hears of it when this commits.
            if db.dialect == .postgresql {
                try db.runLater("SELECT pg_notify(?, current_schema())", [.text(PostgreSQLConnection.siteChannel)])
            }
        }
        if kind == .terminal { terminalCache.withLock { $0[code] = nil } }
        openTerminals.withLock { $0 = [:] }
    }

    /// Refuses a new session at a terminal that is disabled, or whose store or merchant is.
    ///
    /// - Throws: ``LedgerError/unknownSite(kind:code:)``, ``LedgerError/siteDisabled(kind:code:since:)``.
    ///
    /// On a shared ledger a kiosk connected directly knows when a site changes (the server announces
    /// each change as it commits), so after a terminal was found open it is asked again only once a
    /// change was announced or the connection was made again: the open of a session costs the
    /// server no round trip. Through a pooler every check asks.
    public func checkOpenForSessions(_ terminal: SiteCode) throws(LedgerError) {
        try read { db throws(LedgerError) in
            let mark = db.siteChangeMark()
            if let mark, openTerminals.withLock({ $0[terminal] }) == mark { return }
            let row = try db.first(
                """
                SELECT t.disabled_at, s.code, s.disabled_at, m.code, m.disabled_at FROM terminals t
                JOIN stores s ON s.code = t.store JOIN merchants m ON m.code = s.merchant WHERE t.code = ?
                """,
                [.text(terminal.rawValue)]
            ) { ($0.optionalInt(0), $0.text(1), $0.optionalInt(2), $0.text(3), $0.optionalInt(4)) }
            guard let row else { throw .unknownSite(kind: "terminal", code: terminal) }
            if let at = row.0 { throw .siteDisabled(kind: "terminal", code: terminal, since: Timestamp(rawValue: at)) }
            if let at = row.2, let store = SiteCode(row.1) { throw .siteDisabled(kind: "store", code: store, since: Timestamp(rawValue: at)) }
            if let at = row.4, let merchant = SiteCode(row.3) {
                throw .siteDisabled(kind: "merchant", code: merchant, since: Timestamp(rawValue: at))
            }
            if let mark { openTerminals.withLock { $0[terminal] = mark } }
        }
    }

    static func readMerchants(_ db: any SQLDatabase, where condition: String, _ values: [SQLValue]) throws(LedgerError) -> [Merchant] {
        let rows: [(String, String, String, String, Int64?)] = try db.all(
            "SELECT code, name, representative, contact, disabled_at FROM merchants WHERE \(condition) ORDER BY code",
            values
        ) { ($0.text(0), $0.text(1), $0.text(2), $0.text(3), $0.optionalInt(4)) }
        return rows.compactMap { row in
            SiteCode(row.0).map {
                Merchant(code: $0, name: row.1, representative: row.2, contact: row.3, disabledAt: row.4.map { Timestamp(rawValue: $0) })
            }
        }
    }

    static func checkSiteText(representative: String, contact: String) throws(LedgerError) {
        guard representative.isEmpty || AccountName(representative) != nil else {
            throw .invalidText(field: "representative", reason: "'\(representative)' is not an account name")
        }
        guard contact.count <= 200, !contact.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidText(field: "contact", reason: "must be at most 200 characters, without control characters")
        }
    }
}
