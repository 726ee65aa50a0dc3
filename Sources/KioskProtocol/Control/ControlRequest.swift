import Foundation

/// One request of the control protocol, decoded from a JSON line into what it asks.
///
/// Wire names are written out here and in docs/protocol.md; a line that does not decode gets
/// `bad_request` (or `unknown_op`) and changes nothing.
public enum ControlRequest: Equatable, Sendable {
    /// The daemon's state: camera, scanner and ledger figures.
    case status
    /// Opens a redemption session for an amount of a program.
    case openSession(program: ProgramCode, amount: Yen)
    /// Presents a code (a scanned payload, or typed digits) to a session.
    case present(session: SessionID, code: CodeInput)
    /// A session's state.
    case sessionStatus(SessionID)
    /// The sessions open now (a POS that lost its session id finds it here).
    case listSessions
    /// "Settle what was read": completes a session below its amount.
    case settle(SessionID)
    /// Confirms a complete session as a payment, once per idempotency key.
    case confirm(session: SessionID, idempotencyKey: IdempotencyKey?)
    /// Aborts a session and releases its codes.
    case abort(SessionID)
    /// A code's balance and state, without holding it.
    case balance(CodeInput)
    /// Starts sending live events (scans, sessions, payments, camera) on this connection.
    case subscribe
    /// Checks an account's name and password and returns a login token.
    case login(name: String, password: String)
    /// Ends the login of the token given (or the connection's).
    case logout
    /// Changes the logged-in account's own password.
    case changePassword(current: String, new: String)
    /// Creates an account of a lower role with an initial password.
    case createAccount(name: String, role: Role, initialPassword: String)
    /// Resets an account of a lower role to an initial password and lifts its lock.
    case resetPassword(name: String, initialPassword: String)
    /// Every account, without hashes.
    case listAccounts
    /// Disables an account (its holder left) or enables it again.
    case setAccountDisabled(name: String, disabled: Bool)
    /// Payments matching a search (by id, local date, amount), newest first, to pick one to refund.
    case findPayments(PaymentQuery)
    /// What refunding a payment would do, and whether the account may do it now.
    case refundPreview(PaymentID)
    /// Refunds a whole payment, once per idempotency key.
    case refund(payment: PaymentID, idempotencyKey: IdempotencyKey, memo: String)
    /// Every program and its terms.
    case listPrograms
    /// Adds a program.
    case createProgram(ProgramDraft)
    /// Issues paper vouchers of a paper program.
    case issueVouchers(program: ProgramCode, count: Int)
    /// Issues one e-ticket with a balance, valid for a number of days.
    case issueETicket(program: ProgramCode, balance: Yen, days: Int)
    /// One page of the printable sheet of vouchers issued earlier.
    case voucherSheet(SheetReceipt, page: Int)
    /// Checks the audit chain from its start, then every money row against it; with a head recorded
    /// off the kiosk, also that the chain still holds that entry (it was not rewritten).
    case verifyAudit(head: AuditCheckpoint?)
    /// The audit chain's last entry (sequence and hash), to record off the kiosk.
    case auditHead
    /// The whole ledger check: the file's integrity, the money invariants, the audit chain, the money against the chain.
    case checkLedger
    /// Registers a merchant (`parent` nil), a store of a merchant or a terminal in a store.
    case createSite(SiteDraft)
    /// The merchants, the stores (of a merchant) or the terminals (of a store).
    case listSites(SiteKind, parent: SiteCode?)
    /// Renames a site, changes a merchant's representative or contact, disables or enables a site.
    case changeSite(SiteKind, SiteCode, SiteChange)
    /// The notification outbox: pending, failing, delivered.
    case outboxStatus
    /// The camera and scanner figures.
    case cameraStatus
    /// The capture devices this machine has.
    case cameraList
    /// Stops and restarts the capture pipeline.
    case cameraRestart
    /// The usage list (利用実績), a page at a time.
    case usageReport(UsageQuery)
    /// Daily totals per program.
    case dailyTotals(DailyTotalsQuery)
    /// Monthly totals per program.
    case monthlyTotals(MonthlyTotalsQuery)
    /// The sales summary (売上照会).
    case salesSummary(SalesQuery)
    /// The settlement list (支払一覧) of a program.
    case settlementList(SettlementQuery)
    /// Starts a settlement data export (決済データ) in the background.
    case exportRequest(days: LocalDateRange, store: SiteCode?, encoding: ExportEncoding)
    /// One export's progress, or every export's when no receipt is given.
    case exportStatus(ExportReceipt?)
    /// A piece of a finished export's file.
    case exportFetch(ExportReceipt, offset: Int)

    /// The operation names, as on the wire.
    public enum Operation: String, CaseIterable, Sendable {
        case status
        case openSession = "session.open"
        case present = "session.present"
        case sessionStatus = "session.status"
        case listSessions = "session.list"
        case settle = "session.settle"
        case confirm = "session.confirm"
        case abort = "session.abort"
        case balance
        case subscribe = "events.subscribe"
        case login
        case logout
        case changePassword = "password.change"
        case createAccount = "account.create"
        case resetPassword = "account.reset"
        case listAccounts = "account.list"
        case disableAccount = "account.disable"
        case enableAccount = "account.enable"
        case findPayments = "refund.search"
        case refundPreview = "refund.preview"
        case refund = "refund.confirm"
        case listPrograms = "program.list"
        case createProgram = "program.create"
        case issueVouchers = "issue.vouchers"
        case issueETicket = "issue.eticket"
        case voucherSheet = "issue.sheet"
        case verifyAudit = "audit.verify"
        case auditHead = "audit.head"
        case checkLedger = "ledger.check"
        case outboxStatus = "outbox.status"
        case cameraStatus = "camera.status"
        case cameraList = "camera.list"
        case cameraRestart = "camera.restart"
        case usageReport = "report.usage"
        case dailyTotals = "report.daily"
        case monthlyTotals = "report.monthly"
        case salesSummary = "report.sales"
        case settlementList = "report.settlement"
        case exportRequest = "export.request"
        case exportStatus = "export.status"
        case exportFetch = "export.fetch"
        case createMerchant = "merchant.create"
        case listMerchants = "merchant.list"
        case changeMerchant = "merchant.change"
        case createStore = "store.create"
        case listStores = "store.list"
        case changeStore = "store.change"
        case createTerminal = "terminal.create"
        case listTerminals = "terminal.list"
        case changeTerminal = "terminal.change"
    }

    /// Whether the request runs without any login.
    public var needsLogin: Bool {
        switch self {
        case .status, .login: false
        default: true
        }
    }

    /// The request's wire name, for logs and refusals.
    public var operation: Operation {
        switch self {
        case .status: .status
        case .openSession: .openSession
        case .present: .present
        case .sessionStatus: .sessionStatus
        case .listSessions: .listSessions
        case .settle: .settle
        case .confirm: .confirm
        case .abort: .abort
        case .balance: .balance
        case .subscribe: .subscribe
        case .login: .login
        case .logout: .logout
        case .changePassword: .changePassword
        case .createAccount: .createAccount
        case .resetPassword: .resetPassword
        case .listAccounts: .listAccounts
        case .setAccountDisabled(_, let disabled): disabled ? .disableAccount : .enableAccount
        case .findPayments: .findPayments
        case .refundPreview: .refundPreview
        case .refund: .refund
        case .listPrograms: .listPrograms
        case .createProgram: .createProgram
        case .issueVouchers: .issueVouchers
        case .issueETicket: .issueETicket
        case .voucherSheet: .voucherSheet
        case .verifyAudit: .verifyAudit
        case .auditHead: .auditHead
        case .checkLedger: .checkLedger
        case .outboxStatus: .outboxStatus
        case .cameraStatus: .cameraStatus
        case .cameraList: .cameraList
        case .cameraRestart: .cameraRestart
        case .usageReport: .usageReport
        case .dailyTotals: .dailyTotals
        case .monthlyTotals: .monthlyTotals
        case .salesSummary: .salesSummary
        case .settlementList: .settlementList
        case .exportRequest: .exportRequest
        case .exportStatus: .exportStatus
        case .exportFetch: .exportFetch
        case .createSite(let draft): [.merchant: .createMerchant, .store: .createStore, .terminal: .createTerminal][draft.kind]!
        case .listSites(let kind, _): [.merchant: .listMerchants, .store: .listStores, .terminal: .listTerminals][kind]!
        case .changeSite(let kind, _, _): [.merchant: .changeMerchant, .store: .changeStore, .terminal: .changeTerminal][kind]!
        }
    }

    /// Decodes one request line.
    ///
    /// - Parameter line: The line's bytes, without the newline.
    /// - Returns: The request's id (when it could be read), its login token (when it carries one)
    ///   and the request or why it was refused.
    public static func decode(_ line: [UInt8]) -> (
        id: RequestID?, token: String?, request: Result<ControlRequest, ControlError>
    ) {
        do throws(StrictJSON.Violation) {
            try StrictJSON.check(line)
        } catch {
            // The id, when a lenient reading finds one, lets the client match the refusal to its request.
            var fields = (try? JSONDecoder().decode(RequestEnvelope.self, from: Data(line)))?.fields
            let id = try? fields?.id()
            return (id, nil, .failure(.badRequest("a request is one strict JSON object per line: \(error.reason)")))
        }
        let envelope: RequestEnvelope
        do {
            envelope = try JSONDecoder().decode(RequestEnvelope.self, from: Data(line))
        } catch {
            return (nil, nil, .failure(.badRequest("a request is one JSON object per line")))
        }
        var fields = envelope.fields
        let id: RequestID
        do { id = try fields.id() } catch { return (nil, nil, .failure(error)) }
        let token: String?
        do { token = try fields.optionalString("token") } catch { return (id, nil, .failure(error)) }
        do {
            let request = try decodeOperation(&fields)
            try fields.rejectUnknown()
            return (id, token, .success(request))
        } catch {
            return (id, token, .failure(error))
        }
    }

    private static func paymentID(_ text: String) throws(ControlError) -> PaymentID {
        guard let id = PaymentID(text) else { throw .badRequest("'\(text)' is not a payment id such as P000000000042") }
        return id
    }

    private static func receipt(_ text: String) throws(ControlError) -> ExportReceipt {
        guard let receipt = ExportReceipt(text) else { throw .badRequest("'\(text)' is not an export receipt number") }
        return receipt
    }

    private static func decodeOperation(_ fields: inout RequestFields) throws(ControlError) -> ControlRequest {
        let name = try fields.string("op")
        guard let operation = Operation(rawValue: name) else { throw .unknownOperation(name) }
        switch operation {
        case .status: return .status
        case .subscribe: return .subscribe
        case .openSession:
            let code = try fields.program()
            let amount = try fields.integer("amount")
            return .openSession(program: code, amount: Yen(amount))
        case .present: return .present(session: try fields.session(), code: try fields.codeInput())
        case .sessionStatus: return .sessionStatus(try fields.session())
        case .listSessions: return .listSessions
        case .settle: return .settle(try fields.session())
        case .abort: return .abort(try fields.session())
        case .confirm:
            let session = try fields.session()
            // Without a key, the session's own: a repeat after a success returns the same payment.
            let key = try fields.optionalString("idempotency_key") != nil ? try fields.idempotencyKey() : nil
            return .confirm(session: session, idempotencyKey: key)
        case .balance: return .balance(try fields.codeInput())
        case .login: return .login(name: try fields.string("name"), password: try fields.string("password"))
        case .logout: return .logout
        case .changePassword:
            return .changePassword(current: try fields.string("current_password"), new: try fields.string("new_password"))
        case .createAccount:
            let roleText = try fields.string("role")
            guard let role = Role(rawValue: roleText) else {
                throw .badRequest("'role' must be staff, manager, representative or program_office, not '\(roleText)'")
            }
            return .createAccount(
                name: try fields.string("name"),
                role: role,
                initialPassword: try fields.string("initial_password")
            )
        case .resetPassword:
            return .resetPassword(name: try fields.string("name"), initialPassword: try fields.string("initial_password"))
        case .listAccounts: return .listAccounts
        case .disableAccount, .enableAccount:
            return .setAccountDisabled(name: try fields.string("name"), disabled: operation == .disableAccount)
        case .findPayments:
            var query = PaymentQuery()
            query.id = try fields.optionalString("payment").map { text throws(ControlError) in try paymentID(text) }
            if let text = try fields.optionalString("date") {
                guard let date = LocalDate(text) else { throw .badRequest("'date' must be a day as YYYY-MM-DD, not '\(text)'") }
                query.date = date
            }
            query.amount = try fields.optionalInteger("amount").map { Yen($0) }
            query.includeRefunded = try fields.optionalBool("include_refunded") ?? true
            query.limit = Int(try fields.optionalInteger("limit") ?? 100)
            return .findPayments(query)
        case .refundPreview: return .refundPreview(try paymentID(try fields.string("payment")))
        case .refund:
            let payment = try paymentID(try fields.string("payment"))
            return .refund(payment: payment, idempotencyKey: try fields.idempotencyKey(), memo: try fields.optionalString("memo") ?? "")
        case .listPrograms: return .listPrograms
        case .createProgram:
            let kindText = try fields.string("kind")
            guard let kind = ProgramKind(rawValue: kindText) else {
                throw .badRequest("'kind' must be paper or eticket, not '\(kindText)'")
            }
            let draft = ProgramDraft(
                code: try fields.program(),
                number: Int(try fields.integer("number")),
                name: try fields.string("name"),
                kind: kind,
                unit: Yen(try fields.integer("unit")),
                faceValue: Yen(try fields.integer("face_value")),
                maximumPerTransaction: Yen(try fields.integer("maximum_per_transaction")),
                validFrom: try fields.date("valid_from"),
                validUntil: try fields.date("valid_until"),
                redemptionDeadline: try fields.date("redemption_deadline"),
                refundHours: try fields.optionalInteger("refund_hours").map { Int(clamping: $0) },
                payoutDelay: Int(clamping: try fields.optionalInteger("payout_delay") ?? 10),
                schedule: try fields.optionalSchedule("schedule")
            )
            guard (0...60).contains(draft.payoutDelay) else { throw .badRequest("'payout_delay' must be 0 to 60 days") }
            if draft.schedule != nil && fields.has("payout_delay") {
                throw .badRequest("give either 'schedule' or 'payout_delay', not both")
            }
            if let problem = draft.scheduleProblem { throw .badRequest("'schedule': \(problem)") }
            return .createProgram(draft)
        case .voucherSheet:
            let text = try fields.string("sheet")
            guard let receipt = SheetReceipt(text) else {
                throw .badRequest("'sheet' must be a sheet receipt such as KOMATSU27:11-25, not '\(text)'")
            }
            let page = try fields.optionalInteger("page") ?? 1
            guard (1...Int64(receipt.pages)).contains(page) else {
                throw .badRequest("the sheet \(receipt) has \(receipt.pages) page(s), not page \(page)")
            }
            return .voucherSheet(receipt, page: Int(page))
        case .issueVouchers:
            let count = try fields.integer("count")
            guard (1...100_000).contains(count) else { throw .badRequest("'count' must be 1 to 100000") }
            return .issueVouchers(program: try fields.program(), count: Int(count))
        case .issueETicket:
            let days = try fields.integer("days")
            guard (1...3660).contains(days) else { throw .badRequest("'days' must be 1 to 3660") }
            return .issueETicket(program: try fields.program(), balance: Yen(try fields.integer("balance")), days: Int(days))
        case .verifyAudit:
            guard let text = try fields.optionalString("head") else { return .verifyAudit(head: nil) }
            guard let head = AuditCheckpoint(text) else {
                throw .badRequest("'head' must be an audit head as 'audit.head' gives it: SEQUENCE:HASH (64 hex digits)")
            }
            return .verifyAudit(head: head)
        case .auditHead: return .auditHead
        case .checkLedger: return .checkLedger
        case .outboxStatus: return .outboxStatus
        case .cameraStatus: return .cameraStatus
        case .cameraList: return .cameraList
        case .cameraRestart: return .cameraRestart
        case .usageReport:
            var query = UsageQuery(days: try fields.days(), sites: try fields.sites())
            query.program = try fields.optionalProgram()
            query.payment = try fields.optionalString("payment").map { text throws(ControlError) in try paymentID(text) }
            query.amount = try fields.optionalInteger("amount").map { Yen($0) }
            query.includeRefunded = try fields.optionalBool("include_refunded") ?? true
            query.page = Int(try fields.optionalInteger("page") ?? 1)
            query.pageSize = Int(try fields.optionalInteger("page_size") ?? Int64(ReportLimits.defaultPageSize))
            return .usageReport(query)
        case .dailyTotals: return .dailyTotals(DailyTotalsQuery(days: try fields.days(), sites: try fields.sites()))
        case .monthlyTotals:
            return .monthlyTotals(
                MonthlyTotalsQuery(first: try fields.month("from"), last: try fields.month("to"), sites: try fields.sites())
            )
        case .salesSummary:
            let hasFrom = try fields.optionalString("from") != nil
            let hasTo = try fields.optionalString("to") != nil
            let days: LocalDateRange? = hasFrom || hasTo ? try fields.days() : nil
            return .salesSummary(SalesQuery(days: days, sites: try fields.sites()))
        case .settlementList:
            let query = SettlementQuery(
                program: try fields.program(),
                sites: try fields.sites(),
                year: try fields.optionalInteger("year").map { Int(clamping: $0) }
            )
            if let year = query.year, !(2000...2999).contains(year) {
                throw .badRequest("'year' must be 2000 to 2999, not \(year)")
            }
            return .settlementList(query)
        case .exportRequest:
            let text = try fields.optionalString("encoding") ?? "utf-8"
            guard let encoding = ExportEncoding(rawValue: text) else {
                let names = ExportEncoding.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badRequest("'encoding' must be one of \(names), not '\(text)'")
            }
            return .exportRequest(days: try fields.days(), store: try fields.sites().store, encoding: encoding)
        case .exportStatus:
            return .exportStatus(try fields.optionalString("receipt").map { text throws(ControlError) in try receipt(text) })
        case .createMerchant:
            return .createSite(
                SiteDraft(
                    kind: .merchant,
                    code: try fields.site("merchant"),
                    parent: nil,
                    name: try fields.string("name"),
                    representative: try fields.optionalString("representative") ?? "",
                    contact: try fields.optionalString("contact") ?? ""
                )
            )
        case .createStore:
            return .createSite(
                SiteDraft(kind: .store, code: try fields.site("store"), parent: try fields.site("merchant"), name: try fields.string("name"))
            )
        case .createTerminal:
            return .createSite(
                SiteDraft(kind: .terminal, code: try fields.site("terminal"), parent: try fields.site("store"), name: try fields.string("name"))
            )
        case .listMerchants: return .listSites(.merchant, parent: nil)
        case .listStores: return .listSites(.store, parent: try fields.optionalSite("merchant"))
        case .listTerminals: return .listSites(.terminal, parent: try fields.optionalSite("store"))
        case .changeMerchant, .changeStore, .changeTerminal:
            let kind: SiteKind = operation == .changeMerchant ? .merchant : operation == .changeStore ? .store : .terminal
            let code = try fields.site(kind.rawValue)
            var change = SiteChange(name: try fields.optionalString("name"), disabled: try fields.optionalBool("disabled"))
            if kind == .merchant {
                change.representative = try fields.optionalString("representative")
                change.contact = try fields.optionalString("contact")
            }
            guard change != SiteChange() else {
                throw .badRequest("'\(operation.rawValue)' needs at least one of name\(kind == .merchant ? ", representative, contact" : ""), disabled")
            }
            return .changeSite(kind, code, change)
        case .exportFetch:
            let offset = try fields.optionalInteger("offset") ?? 0
            guard offset >= 0 else { throw .badRequest("'offset' must be 0 or more") }
            return .exportFetch(try receipt(try fields.string("receipt")), offset: Int(offset))
        }
    }
}

/// Any JSON object key.
struct FieldKey: CodingKey {
    let stringValue: String
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// Holds a request object's keyed container so fields can be read with our own error messages.
struct RequestEnvelope: Decodable {
    let fields: RequestFields
    init(from decoder: any Swift.Decoder) throws {
        fields = RequestFields(try decoder.container(keyedBy: FieldKey.self))
    }
}

/// The fields of a request object, read by name and type; unread fields are an error.
struct RequestFields {
    private let container: KeyedDecodingContainer<FieldKey>
    private var read: Set<String> = []

    init(_ container: KeyedDecodingContainer<FieldKey>) { self.container = container }

    mutating func id() throws(ControlError) -> RequestID {
        read.insert("id")
        let key = FieldKey("id")
        guard container.contains(key) else { throw .badRequest("the field 'id' is missing (a string or an integer)") }
        if let number = try? container.decode(Int64.self, forKey: key) { return .number(number) }
        if let text = try? container.decode(String.self, forKey: key) { return .string(text) }
        throw .badRequest("the field 'id' must be a string or an integer")
    }

    mutating func string(_ name: String) throws(ControlError) -> String {
        read.insert(name)
        let key = FieldKey(name)
        guard container.contains(key) else { throw .badRequest("the field '\(name)' is missing") }
        guard let text = try? container.decode(String.self, forKey: key) else {
            throw .badRequest("the field '\(name)' must be a string")
        }
        return text
    }

    mutating func optionalString(_ name: String) throws(ControlError) -> String? {
        read.insert(name)
        let key = FieldKey(name)
        guard container.contains(key) else { return nil }
        guard let text = try? container.decode(String.self, forKey: key) else {
            throw .badRequest("the field '\(name)' must be a string")
        }
        return text
    }

    mutating func optionalBool(_ name: String) throws(ControlError) -> Bool? {
        read.insert(name)
        let key = FieldKey(name)
        guard container.contains(key) else { return nil }
        guard let value = try? container.decode(Bool.self, forKey: key) else {
            throw .badRequest("the field '\(name)' must be true or false")
        }
        return value
    }

    mutating func integer(_ name: String) throws(ControlError) -> Int64 {
        read.insert(name)
        let key = FieldKey(name)
        guard container.contains(key) else { throw .badRequest("the field '\(name)' is missing") }
        guard let value = try? container.decode(Int64.self, forKey: key) else {
            throw .badRequest("the field '\(name)' must be a whole number")
        }
        return value
    }

    mutating func optionalInteger(_ name: String) throws(ControlError) -> Int64? {
        read.insert(name)
        guard container.contains(FieldKey(name)) else { return nil }
        return try integer(name)
    }

    /// Whether the request has a field, without reading it.
    func has(_ name: String) -> Bool { container.contains(FieldKey(name)) }

    /// A settlement schedule: an array of `{"closing": day, "payout": day}`, closings increasing.
    mutating func optionalSchedule(_ name: String) throws(ControlError) -> SettlementCalendar? {
        read.insert(name)
        let key = FieldKey(name)
        guard container.contains(key) else { return nil }
        guard let periods = try? container.decode([SettlementCalendar.Period].self, forKey: key) else {
            throw .badRequest("'\(name)' must be a list of {\"closing\": YYYY-MM-DD, \"payout\": YYYY-MM-DD}")
        }
        guard (1...1000).contains(periods.count) else { throw .badRequest("'\(name)' must list 1 to 1000 closings") }
        guard let calendar = SettlementCalendar(periods) else {
            throw .badRequest("'\(name)': closings must increase and each payout be on or after its closing")
        }
        return calendar
    }

    mutating func date(_ name: String) throws(ControlError) -> LocalDate {
        let text = try string(name)
        guard let date = LocalDate(text) else { throw .badRequest("'\(name)' must be a day as YYYY-MM-DD, not '\(text)'") }
        return date
    }

    /// `from` and `to`, both days, `from` not after `to`.
    mutating func days() throws(ControlError) -> LocalDateRange {
        let from = try date("from")
        let to = try date("to")
        guard from <= to else { throw .badRequest("'from' (\(from)) is after 'to' (\(to))") }
        return LocalDateRange(first: from, last: to)
    }

    mutating func month(_ name: String) throws(ControlError) -> YearMonth {
        let text = try string(name)
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            let value = YearMonth(year: year, month: month)
        else { throw .badRequest("'\(name)' must be a month as YYYY-MM, not '\(text)'") }
        return value
    }

    mutating func site(_ name: String) throws(ControlError) -> SiteCode {
        let text = try string(name)
        guard let code = SiteCode(text) else { throw .badRequest("'\(text)' is not a \(name) code (1-32 of A-Z, a-z, 0-9, - and _)") }
        return code
    }

    mutating func optionalSite(_ name: String) throws(ControlError) -> SiteCode? {
        guard let text = try optionalString(name) else { return nil }
        guard let code = SiteCode(text) else { throw .badRequest("'\(text)' is not a \(name) code") }
        return code
    }

    mutating func sites() throws(ControlError) -> SiteFilter {
        SiteFilter(store: try optionalSite("store"), terminal: try optionalSite("terminal"))
    }

    mutating func optionalProgram() throws(ControlError) -> ProgramCode? {
        guard try optionalString("program") != nil else { return nil }
        return try program()
    }

    mutating func program() throws(ControlError) -> ProgramCode {
        let text = try string("program")
        guard let code = ProgramCode(text) else { throw .badRequest("'\(text)' is not a program code") }
        return code
    }

    mutating func idempotencyKey() throws(ControlError) -> IdempotencyKey {
        let text = try string("idempotency_key")
        guard let key = IdempotencyKey(text) else {
            throw .badRequest("'idempotency_key' must be 1 to 100 printable ASCII characters without spaces")
        }
        return key
    }

    mutating func session() throws(ControlError) -> SessionID {
        let text = try string("session")
        guard let id = SessionID(text) else { throw .badRequest("'\(text)' is not a session id") }
        return id
    }

    mutating func codeInput() throws(ControlError) -> CodeInput {
        let code = try string("code")
        return try optionalBool("typed") == true ? .typed(code) : .scanned(code)
    }

    func rejectUnknown() throws(ControlError) {
        let names = container.allKeys.map(\.stringValue).sorted()
        if let unknown = names.first(where: { !read.contains($0) }) {
            throw .badRequest("the field '\(unknown)' is not part of this operation")
        }
    }
}
