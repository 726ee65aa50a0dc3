extension ControlRequest: Encodable {
    /// Writes the request's `op` and fields as ``decode(_:)`` reads them, so a client builds its
    /// lines from the same type kioskd decodes them into.
    ///
    /// - Parameter encoder: The JSON encoder; ``ControlRequestLine`` adds the `id` and `token`.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: FieldKey.self)
        func put(_ name: String, _ value: (some Encodable)?) throws {
            if let value { try fields.encode(value, forKey: FieldKey(name)) }
        }
        func put(code: CodeInput) throws {
            switch code {
            case .scanned(let text): try put("code", text)
            case .typed(let text):
                try put("code", text)
                try put("typed", true)
            }
        }
        func put(sites: SiteFilter) throws {
            try put("store", sites.store)
            try put("terminal", sites.terminal)
        }
        func put(days: LocalDateRange, sites: SiteFilter) throws {
            try put("from", days.first)
            try put("to", days.last)
            try put(sites: sites)
        }
        try put("op", operation.rawValue)
        switch self {
        case .status, .listSessions, .subscribe, .logout, .listAccounts, .listPrograms, .auditHead, .checkLedger,
            .outboxStatus, .cameraStatus, .cameraList, .cameraRestart:
            break
        case .openSession(let program, let amount):
            try put("program", program)
            try put("amount", amount)
        case .present(let session, let code):
            try put("session", session.description)
            try put(code: code)
        case .sessionStatus(let session), .settle(let session), .abort(let session):
            try put("session", session.description)
        case .confirm(let session, let key):
            try put("session", session.description)
            try put("idempotency_key", key)
        case .balance(let code):
            try put(code: code)
        case .login(let name, let password):
            try put("name", name)
            try put("password", password)
        case .changePassword(let current, let new):
            try put("current_password", current)
            try put("new_password", new)
        case .createAccount(let name, let role, let initialPassword):
            try put("name", name)
            try put("role", role)
            try put("initial_password", initialPassword)
        case .resetPassword(let name, let initialPassword):
            try put("name", name)
            try put("initial_password", initialPassword)
        case .setAccountDisabled(let name, _):
            try put("name", name)
        case .findPayments(let query):
            try put("payment", query.id?.description)
            try put("date", query.date)
            try put("amount", query.amount)
            try put("include_refunded", query.includeRefunded)
            try put("limit", query.limit)
        case .refundPreview(let payment):
            try put("payment", payment.description)
        case .refund(let payment, let key, let memo):
            try put("payment", payment.description)
            try put("idempotency_key", key)
            try put("memo", memo)
        case .createProgram(let draft):
            try put("program", draft.code)
            try put("number", draft.number)
            try put("name", draft.name)
            try put("kind", draft.kind)
            try put("unit", draft.unit)
            try put("face_value", draft.faceValue)
            try put("maximum_per_transaction", draft.maximumPerTransaction)
            try put("valid_from", draft.validFrom)
            try put("valid_until", draft.validUntil)
            try put("redemption_deadline", draft.redemptionDeadline)
            try put("refund_hours", draft.refundHours)
            // A schedule replaces the payout rule; kioskd refuses both at once.
            if let schedule = draft.schedule {
                try put("schedule", schedule)
            } else {
                try put("payout_delay", draft.payoutDelay)
            }
        case .issueVouchers(let program, let count):
            try put("program", program)
            try put("count", count)
        case .voucherSheet(let receipt, let page):
            try put("sheet", receipt.description)
            try put("page", page)
        case .issueETicket(let program, let balance, let days):
            try put("program", program)
            try put("balance", balance)
            try put("days", days)
        case .verifyAudit(let head):
            try put("head", head?.text)
        case .usageReport(let query):
            try put(days: query.days, sites: query.sites)
            try put("program", query.program)
            try put("payment", query.payment?.description)
            try put("amount", query.amount)
            try put("include_refunded", query.includeRefunded)
            try put("page", query.page)
            try put("page_size", query.pageSize)
        case .dailyTotals(let query):
            try put(days: query.days, sites: query.sites)
        case .monthlyTotals(let query):
            try put("from", query.first)
            try put("to", query.last)
            try put(sites: query.sites)
        case .salesSummary(let query):
            if let days = query.days {
                try put(days: days, sites: query.sites)
            } else {
                try put(sites: query.sites)
            }
        case .settlementList(let query):
            try put("program", query.program)
            try put(sites: query.sites)
            try put("year", query.year)
        case .exportRequest(let days, let store, let encoding):
            try put(days: days, sites: SiteFilter(store: store))
            try put("encoding", encoding)
        case .exportStatus(let receipt):
            try put("receipt", receipt?.description)
        case .exportFetch(let receipt, let offset):
            try put("receipt", receipt.description)
            try put("offset", offset)
        case .createSite(let draft):
            try put(draft.kind.rawValue, draft.code)
            try put("name", draft.name)
            switch draft.kind {
            case .merchant:
                try put("representative", draft.representative)
                try put("contact", draft.contact)
            case .store: try put("merchant", draft.parent)
            case .terminal: try put("store", draft.parent)
            }
        case .listSites(let kind, let parent):
            switch kind {
            case .merchant: break
            case .store: try put("merchant", parent)
            case .terminal: try put("store", parent)
            }
        case .changeSite(let kind, let code, let change):
            try put(kind.rawValue, code)
            try put("name", change.name)
            try put("disabled", change.disabled)
            if kind == .merchant {
                try put("representative", change.representative)
                try put("contact", change.contact)
            }
        }
    }
}
