/// The `result` of a successful reply, one case per shape an operation answers with.
///
/// Which case a reply holds follows from the request (``ControlResult/Shape/answering(_:)``), so a
/// client decodes a reply knowing what it asked, and kioskd can only answer with a listed shape.
public enum ControlResult: Hashable, Sendable {
    /// `status`.
    case status(StatusView)
    /// A session step: open, present, status, settle, abort.
    case session(SessionView)
    /// `session.confirm`: the payment.
    case payment(PaymentView)
    /// `session.list`.
    case sessions([SessionView])
    /// `balance`.
    case balance(BalanceView)
    /// `events.subscribe`.
    case subscribed(SubscribedView)
    /// `login`.
    case login(LoginView)
    /// `logout`.
    case loggedOut(LoggedOutView)
    /// `password.change`.
    case passwordChanged(PasswordChangedView)
    /// `account.create`.
    case accountCreated(AccountCreatedView)
    /// `account.reset`.
    case accountReset(AccountResetView)
    /// `account.disable` and `account.enable`.
    case accountSwitched(AccountSwitchedView)
    /// `account.list`.
    case accounts([AccountView])
    /// `refund.search`.
    case payments([PaymentView])
    /// `refund.preview` and `refund.confirm`.
    case refund(RefundView)
    /// `program.list`.
    case programs([ProgramView])
    /// `program.create`.
    case program(ProgramView)
    /// `issue.vouchers`.
    case issuedVouchers(IssuedVouchersView)
    /// `issue.sheet`.
    case sheetPage(SheetPageView)
    /// `issue.eticket`.
    case issuedETicket(IssuedETicketView)
    /// `audit.verify`.
    case audit(AuditView)
    /// `audit.head`.
    case auditHead(AuditHeadView)
    /// `ledger.check`.
    case ledgerCheck(LedgerCheckView)
    /// `outbox.status`.
    case outbox(OutboxView)
    /// `camera.status` and `camera.restart`.
    case camera(CameraView)
    /// `camera.list`.
    case cameraList(CameraListView)
    /// `report.usage`.
    case usage(ReportViews.Usage)
    /// `report.daily` and `report.monthly`.
    case totals(ReportViews.Totals)
    /// `report.sales`.
    case sales(ReportViews.Sales)
    /// `report.settlement`.
    case settlement(ReportViews.Settlement)
    /// `export.request`, and `export.status` of one receipt.
    case export(ReportViews.Export)
    /// `export.status` without a receipt: every export.
    case exports([ReportViews.Export])
    /// `export.fetch`.
    case exportChunk(ExportChunkView)
    /// A merchant, store or terminal created or changed.
    case site(SiteView)
    /// `merchant.list`, `store.list`, `terminal.list`.
    case sites([SiteView])

    /// The cases without their values: what a request is answered with.
    public enum Shape: String, CaseIterable, Sendable {
        /// Status, sessions, balance, events and accounts.
        case status, session, payment, sessions, balance, subscribed, login, loggedOut, passwordChanged, accountCreated
        /// Accounts, refunds, programs and issuance.
        case accountReset, accountSwitched, accounts, payments, refund, programs, program, issuedVouchers, sheetPage
        /// Audit, outbox, camera and reports.
        case issuedETicket, audit, auditHead, ledgerCheck, outbox, camera, cameraList, usage, totals, sales
        /// Settlement, exports and sites.
        case settlement, export, exports, exportChunk, site, sites

        /// The shape of the reply to `request`.
        public static func answering(_ request: ControlRequest) -> Shape {
            switch request {
            case .status: .status
            case .openSession, .present, .sessionStatus, .settle, .abort: .session
            case .confirm: .payment
            case .listSessions: .sessions
            case .balance: .balance
            case .subscribe: .subscribed
            case .login: .login
            case .logout: .loggedOut
            case .changePassword: .passwordChanged
            case .createAccount: .accountCreated
            case .resetPassword: .accountReset
            case .setAccountDisabled: .accountSwitched
            case .listAccounts: .accounts
            case .findPayments: .payments
            case .refundPreview, .refund: .refund
            case .listPrograms: .programs
            case .createProgram: .program
            case .issueVouchers: .issuedVouchers
            case .voucherSheet: .sheetPage
            case .issueETicket: .issuedETicket
            case .verifyAudit: .audit
            case .auditHead: .auditHead
            case .checkLedger: .ledgerCheck
            case .outboxStatus: .outbox
            case .cameraStatus, .cameraRestart: .camera
            case .cameraList: .cameraList
            case .usageReport: .usage
            case .dailyTotals, .monthlyTotals: .totals
            case .salesSummary: .sales
            case .settlementList: .settlement
            case .exportRequest: .export
            case .exportStatus(let receipt): receipt == nil ? .exports : .export
            case .exportFetch: .exportChunk
            case .createSite, .changeSite: .site
            case .listSites: .sites
            }
        }
    }

    /// The case's shape.
    public var shape: Shape {
        switch self {
        case .status: .status
        case .session: .session
        case .payment: .payment
        case .sessions: .sessions
        case .balance: .balance
        case .subscribed: .subscribed
        case .login: .login
        case .loggedOut: .loggedOut
        case .passwordChanged: .passwordChanged
        case .accountCreated: .accountCreated
        case .accountReset: .accountReset
        case .accountSwitched: .accountSwitched
        case .accounts: .accounts
        case .payments: .payments
        case .refund: .refund
        case .programs: .programs
        case .program: .program
        case .issuedVouchers: .issuedVouchers
        case .sheetPage: .sheetPage
        case .issuedETicket: .issuedETicket
        case .audit: .audit
        case .auditHead: .auditHead
        case .ledgerCheck: .ledgerCheck
        case .outbox: .outbox
        case .camera: .camera
        case .cameraList: .cameraList
        case .usage: .usage
        case .totals: .totals
        case .sales: .sales
        case .settlement: .settlement
        case .export: .export
        case .exports: .exports
        case .exportChunk: .exportChunk
        case .site: .site
        case .sites: .sites
        }
    }

    /// The value the case holds, to encode.
    public var value: any Encodable & Sendable {
        switch self {
        case .status(let value): value
        case .session(let value): value
        case .payment(let value): value
        case .sessions(let value): value
        case .balance(let value): value
        case .subscribed(let value): value
        case .login(let value): value
        case .loggedOut(let value): value
        case .passwordChanged(let value): value
        case .accountCreated(let value): value
        case .accountReset(let value): value
        case .accountSwitched(let value): value
        case .accounts(let value): value
        case .payments(let value): value
        case .refund(let value): value
        case .programs(let value): value
        case .program(let value): value
        case .issuedVouchers(let value): value
        case .sheetPage(let value): value
        case .issuedETicket(let value): value
        case .audit(let value): value
        case .auditHead(let value): value
        case .ledgerCheck(let value): value
        case .outbox(let value): value
        case .camera(let value): value
        case .cameraList(let value): value
        case .usage(let value): value
        case .totals(let value): value
        case .sales(let value): value
        case .settlement(let value): value
        case .export(let value): value
        case .exports(let value): value
        case .exportChunk(let value): value
        case .site(let value): value
        case .sites(let value): value
        }
    }

    /// Reads a result of `shape` from a single-value container.
    ///
    /// - Throws: `DecodingError` when the value does not have that shape.
    public init(_ shape: Shape, from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        switch shape {
        case .status: self = .status(try value.decode(StatusView.self))
        case .session: self = .session(try value.decode(SessionView.self))
        case .payment: self = .payment(try value.decode(PaymentView.self))
        case .sessions: self = .sessions(try value.decode([SessionView].self))
        case .balance: self = .balance(try value.decode(BalanceView.self))
        case .subscribed: self = .subscribed(try value.decode(SubscribedView.self))
        case .login: self = .login(try value.decode(LoginView.self))
        case .loggedOut: self = .loggedOut(try value.decode(LoggedOutView.self))
        case .passwordChanged: self = .passwordChanged(try value.decode(PasswordChangedView.self))
        case .accountCreated: self = .accountCreated(try value.decode(AccountCreatedView.self))
        case .accountReset: self = .accountReset(try value.decode(AccountResetView.self))
        case .accountSwitched: self = .accountSwitched(try value.decode(AccountSwitchedView.self))
        case .accounts: self = .accounts(try value.decode([AccountView].self))
        case .payments: self = .payments(try value.decode([PaymentView].self))
        case .refund: self = .refund(try value.decode(RefundView.self))
        case .programs: self = .programs(try value.decode([ProgramView].self))
        case .program: self = .program(try value.decode(ProgramView.self))
        case .issuedVouchers: self = .issuedVouchers(try value.decode(IssuedVouchersView.self))
        case .sheetPage: self = .sheetPage(try value.decode(SheetPageView.self))
        case .issuedETicket: self = .issuedETicket(try value.decode(IssuedETicketView.self))
        case .audit: self = .audit(try value.decode(AuditView.self))
        case .auditHead: self = .auditHead(try value.decode(AuditHeadView.self))
        case .ledgerCheck: self = .ledgerCheck(try value.decode(LedgerCheckView.self))
        case .outbox: self = .outbox(try value.decode(OutboxView.self))
        case .camera: self = .camera(try value.decode(CameraView.self))
        case .cameraList: self = .cameraList(try value.decode(CameraListView.self))
        case .usage: self = .usage(try value.decode(ReportViews.Usage.self))
        case .totals: self = .totals(try value.decode(ReportViews.Totals.self))
        case .sales: self = .sales(try value.decode(ReportViews.Sales.self))
        case .settlement: self = .settlement(try value.decode(ReportViews.Settlement.self))
        case .export: self = .export(try value.decode(ReportViews.Export.self))
        case .exports: self = .exports(try value.decode([ReportViews.Export].self))
        case .exportChunk: self = .exportChunk(try value.decode(ExportChunkView.self))
        case .site: self = .site(try value.decode(SiteView.self))
        case .sites: self = .sites(try value.decode([SiteView].self))
        }
    }
}

extension ControlResult: Encodable {
    /// Writes the value the case holds.
    ///
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
