import KioskProtocol

/// One request of every operation with a reply of the shape it is answered with, and one event of
/// every kind: what the round-trip tests send through JSON.
enum ProtocolSamples {
    static let session = SessionID(rawValue: 0x0123_4567_89ab_cdef)
    static let program = ProgramCode("KMTPREMIUM")!
    static let store = SiteCode("S-0001")!
    static let terminal = SiteCode("T-0001")!
    static let merchant = SiteCode("M-0001")!
    static let payment = PaymentID(rawValue: 42)
    static let receipt = ExportReceipt(rawValue: 482_109_371_650)!
    static let key = IdempotencyKey("pos-7-sale-1234")!
    static let july = LocalDateRange(first: LocalDate("2026-07-01")!, last: LocalDate("2026-07-31")!)
    static let sites = SiteFilter(store: store, terminal: terminal)
    static let time = "2026-07-01T05:03:59.000000Z"

    static let sessionView = SessionView(
        session: session.description,
        program: program.description,
        state: "collecting",
        amount: 3000,
        total: 1000,
        missing: 2000,
        lines: [SessionView.Line(code: "KMTPREMIUM voucher 00000001", amount: 1000, balanceBefore: 1000)],
        payment: nil
    )
    static let paymentView = PaymentView(
        payment: payment.description,
        time: time,
        program: program.description,
        store: store.description,
        terminal: terminal.description,
        operatorName: "clerk",
        requested: 3000,
        amount: 3000,
        lines: [PaymentView.Line(code: "KMTPREMIUM voucher 00000001", amount: 1000, balanceAfter: 0)],
        session: session.description,
        refund: "R000000000001",
        refundMemo: "返品のため"
    )
    static let refundView = RefundView(
        payment: paymentView,
        refund: nil,
        total: 3000,
        lines: [RefundView.Line(code: "KMTPREMIUM voucher 00000001", amount: 1000, balanceNow: 0, balanceAfter: 1000)],
        windowClosesAt: time,
        allowed: true,
        memo: nil,
        time: nil
    )
    static let cameraView = CameraView(
        source: "camera /dev/video0 640x480",
        state: .scanning,
        framesCaptured: 1200,
        framesDropped: 3,
        framesScanned: 1197,
        symbolsDecoded: 12,
        scanEvents: 4,
        latencyP50Milliseconds: 21.5,
        latencyP99Milliseconds: 48.25
    )
    static let statusView = StatusView(
        protocolVersion: 1,
        uptimeSeconds: 3600,
        terminal: terminal.description,
        openSessions: 1,
        heldCodes: 2,
        ledgerBackend: "sqlite",
        ledgerBytes: 65536,
        outboxBacklog: 0,
        outboxFailing: nil,
        camera: cameraView,
        terminalRegistered: true,
        programsWithoutSecret: ["OTHERCITY"],
        problems: ["a problem"],
        timeZone: "Asia/Tokyo"
    )
    static let tally = ReportViews.TallyView(count: 3, amount: 3000)
    static let export = ReportViews.Export(
        receipt: receipt.description,
        from: "2026-07-01",
        to: "2026-07-31",
        store: store.description,
        encoding: "utf-8",
        state: "failed",
        error: "the disk is full",
        percent: 40,
        rows: 120,
        bytes: 8000,
        requestedAt: time,
        expiresAt: nil
    )
    static let site = SiteView(
        kind: "store",
        code: store.description,
        name: "本店",
        merchant: merchant.description,
        disabledAt: nil
    )
    static let audit = AuditView(
        checked: 120,
        ok: false,
        firstBad: 17,
        reason: "edited",
        money: MoneyView(
            ok: false,
            payments: 3,
            refunds: 1,
            vouchers: 20,
            etickets: 2,
            findings: ["P000000000003 differs"]
        ),
        head: "120:" + String(repeating: "ab", count: 32)
    )

    /// Every operation: a request and the reply it gets.
    static let exchanges: [(request: ControlRequest, result: ControlResult)] = [
        (.status, .status(statusView)),
        (.openSession(program: program, amount: 3000), .session(sessionView)),
        (.present(session: session, code: .typed("1001 0000 0001 2345 678")), .session(sessionView)),
        (.present(session: session, code: .scanned("KQ1P:KMTPREMIUM:00000001:abc")), .session(sessionView)),
        (.sessionStatus(session), .session(sessionView)),
        (.listSessions, .sessions([sessionView])),
        (.settle(session), .session(sessionView)),
        (.confirm(session: session, idempotencyKey: key), .payment(paymentView)),
        (.confirm(session: session, idempotencyKey: nil), .payment(paymentView)),
        (.abort(session), .session(sessionView)),
        (
            .balance(.scanned("KQ1E:KSZSTAR:00000001:xyz")),
            .balance(
                BalanceView(
                    code: "KSZSTAR e-ticket 00000001",
                    balance: 500,
                    state: nil,
                    spentIn: nil,
                    expiry: time,
                    held: false
                )
            )
        ),
        (.subscribe, .subscribed(SubscribedView())),
        (
            .login(name: "clerk", password: "Ready-pass-1"),
            .login(LoginView(token: "t0k3n", name: "clerk", role: "staff", mustChangePassword: false, idleSeconds: 900))
        ),
        (.logout, .loggedOut(LoggedOutView())),
        (.changePassword(current: "Old-pass-1", new: "New-pass-22"), .passwordChanged(PasswordChangedView())),
        (
            .createAccount(name: "clerk2", role: .staff, initialPassword: "Initial-pass-1"),
            .accountCreated(AccountCreatedView(created: "clerk2"))
        ),
        (
            .resetPassword(name: "clerk2", initialPassword: "Initial-pass-2"),
            .accountReset(AccountResetView(reset: "clerk2"))
        ),
        (
            .listAccounts,
            .accounts([
                AccountView(
                    name: "clerk",
                    role: "staff",
                    mustChangePassword: false,
                    lockedUntil: nil,
                    createdAt: time,
                    disabledAt: nil
                )
            ])
        ),
        (
            .setAccountDisabled(name: "clerk2", disabled: true),
            .accountSwitched(AccountSwitchedView(name: "clerk2", disabled: true))
        ),
        (
            .setAccountDisabled(name: "clerk2", disabled: false),
            .accountSwitched(AccountSwitchedView(name: "clerk2", disabled: false))
        ),
        (
            .findPayments(
                PaymentQuery(
                    id: payment,
                    date: LocalDate("2026-07-01"),
                    amount: 3000,
                    includeRefunded: false,
                    limit: 10
                )
            ),
            .payments([paymentView])
        ),
        (.refundPreview(payment), .refund(refundView)),
        (.refund(payment: payment, idempotencyKey: key, memo: "返品のため"), .refund(refundView)),
        (
            .listPrograms,
            .programs([
                ProgramView(
                    program: "KMTPREMIUM",
                    name: "いい街こまつプレミアム",
                    kind: "paper",
                    unit: 1000,
                    faceValue: 1000,
                    maximumPerTransaction: 100_000,
                    validFrom: time,
                    validUntil: time,
                    refundRule: "until the closing"
                )
            ])
        ),
        (
            .createProgram(
                ProgramDraft(
                    code: ProgramCode("SPRING27")!,
                    number: 7,
                    name: "春",
                    kind: .eTicket,
                    unit: 100,
                    faceValue: 0,
                    maximumPerTransaction: 50_000,
                    validFrom: LocalDate("2027-03-01")!,
                    validUntil: LocalDate("2027-05-31")!,
                    redemptionDeadline: LocalDate("2027-06-15")!,
                    refundHours: 24,
                    payoutDelay: 14
                )
            ),
            .program(
                ProgramView(
                    program: "SPRING27",
                    name: "春",
                    kind: "eticket",
                    unit: 100,
                    faceValue: 0,
                    maximumPerTransaction: 50_000,
                    validFrom: time,
                    validUntil: time,
                    refundRule: "24 hours after payment"
                )
            )
        ),
        (
            .createProgram(
                ProgramDraft(
                    code: ProgramCode("WINTER27")!,
                    number: 9,
                    name: "冬",
                    kind: .paper,
                    unit: 1000,
                    faceValue: 1000,
                    maximumPerTransaction: 50_000,
                    validFrom: LocalDate("2027-12-01")!,
                    validUntil: LocalDate("2028-01-31")!,
                    redemptionDeadline: LocalDate("2028-02-15")!,
                    refundHours: nil,
                    payoutDelay: 10,
                    schedule: SettlementCalendar([
                        .init(closing: LocalDate("2027-12-31")!, payout: LocalDate("2028-01-14")!),
                        .init(closing: LocalDate("2028-01-31")!, payout: LocalDate("2028-02-10")!),
                    ])
                )
            ),
            .program(
                ProgramView(
                    program: "WINTER27",
                    name: "冬",
                    kind: "paper",
                    unit: 1000,
                    faceValue: 1000,
                    maximumPerTransaction: 50_000,
                    validFrom: time,
                    validUntil: time,
                    refundRule: "until the closing"
                )
            )
        ),
        (
            .issueVouchers(program: program, count: 20),
            .issuedVouchers(
                IssuedVouchersView(program: "KMTPREMIUM", first: 1, last: 20, count: 20, sheet: "KMTPREMIUM:1-20", pages: 2)
            )
        ),
        (
            .voucherSheet(SheetReceipt("KMTPREMIUM:1-20")!, page: 2),
            .sheetPage(SheetPageView(sheet: "KMTPREMIUM:1-20", page: 2, pages: 2, svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))
        ),
        (
            .issueETicket(program: ProgramCode("KSZSTAR")!, balance: 5000, days: 30),
            .issuedETicket(IssuedETicketView(program: "KSZSTAR", eticket: 1, balance: 5000, expiry: time, key: "KSZSTAR-1-ABCD"))
        ),
        (.verifyAudit(head: AuditCheckpoint(sequence: 12, hash: Array(repeating: 0xAB, count: 32))), .audit(audit)),
        (.verifyAudit(head: nil), .audit(audit)),
        (
            .auditHead,
            .auditHead(
                AuditHeadView(
                    sequence: 12,
                    hash: String(repeating: "ab", count: 32),
                    head: "12:" + String(repeating: "ab", count: 32)
                )
            )
        ),
        (
            .checkLedger,
            .ledgerCheck(
                LedgerCheckView(
                    ok: false,
                    integrity: "ok",
                    violations: ["a violation"],
                    payments: 3,
                    refunds: 1,
                    audit: audit
                )
            )
        ),
        (.outboxStatus, .outbox(OutboxView(pending: 2, failing: 1, delivered: 30, oldestPending: time))),
        (.cameraStatus, .camera(cameraView)),
        (
            .cameraList,
            .cameraList(
                CameraListView(
                    devices: [
                        CameraListView.Device(
                            path: "/dev/v4l/by-id/usb-cam",
                            node: "/dev/video0",
                            driver: "uvcvideo",
                            card: "USB Camera",
                            bus: "usb-0000:00:14.0-1",
                            formats: ["MJPG 640x480"],
                            configured: true
                        )
                    ],
                    failures: ["/dev/video1: busy"]
                )
            )
        ),
        (.cameraRestart, .camera(cameraView)),
        (
            .usageReport(
                UsageQuery(
                    days: july,
                    sites: sites,
                    program: program,
                    payment: payment,
                    amount: 3000,
                    includeRefunded: false,
                    page: 2,
                    pageSize: 50
                )
            ),
            .usage(
                ReportViews.Usage(
                    rows: [
                        ReportViews.Usage.Row(
                            time: time,
                            store: "S-0001",
                            storeName: "本店",
                            terminal: "T-0001",
                            terminalName: "レジ1",
                            payment: payment.description,
                            amount: 3000,
                            program: "KMTPREMIUM",
                            programName: "いい街こまつプレミアム",
                            refund: "R000000000001",
                            refundedAt: time,
                            refundMemo: "返品のため"
                        )
                    ],
                    matching: 51,
                    page: 2,
                    pageSize: 50,
                    pageCount: 2
                )
            )
        ),
        (
            .dailyTotals(DailyTotalsQuery(days: july, sites: sites)),
            .totals(
                ReportViews.Totals(
                    rows: [
                        ReportViews.Totals.Row(
                            period: "2026-07-01",
                            program: "KMTPREMIUM",
                            programName: "プレミアム",
                            count: 3,
                            amount: 3000
                        )
                    ],
                    total: tally
                )
            )
        ),
        (
            .monthlyTotals(
                MonthlyTotalsQuery(first: YearMonth(year: 2026, month: 5)!, last: YearMonth(year: 2026, month: 7)!)
            ),
            .totals(ReportViews.Totals(rows: [], total: ReportViews.TallyView(count: 0, amount: 0)))
        ),
        (
            .salesSummary(SalesQuery(days: july, sites: sites)),
            .sales(
                ReportViews.Sales(
                    from: "2026-07-01",
                    to: "2026-07-31",
                    days: [ReportViews.Sales.Day(day: "2026-07-01", payments: tally, refunds: tally, net: 0)],
                    payments: tally,
                    refunds: tally,
                    net: 0
                )
            )
        ),
        (
            .salesSummary(SalesQuery()),
            .sales(
                ReportViews.Sales(
                    from: "2026-07-25",
                    to: "2026-07-31",
                    days: [],
                    payments: tally,
                    refunds: tally,
                    net: 0
                )
            )
        ),
        (
            .settlementList(SettlementQuery(program: program, sites: sites, year: 2026)),
            .settlement(
                ReportViews.Settlement(
                    program: "KMTPREMIUM",
                    programName: "プレミアム",
                    periods: [
                        ReportViews.Settlement.Period(
                            from: "2026-07-01",
                            closing: "2026-07-15",
                            payout: "2026-07-31",
                            payments: tally,
                            refunds: tally,
                            due: 0
                        )
                    ],
                    totalDue: 0
                )
            )
        ),
        (.exportRequest(days: july, store: store, encoding: .shiftJIS), .export(export)),
        (.exportStatus(receipt), .export(export)),
        (.exportStatus(nil), .exports([export])),
        (
            .exportFetch(receipt, offset: 524_288),
            .exportChunk(
                ExportChunkView(
                    receipt: receipt.description,
                    name: "payments.csv",
                    size: 600_000,
                    offset: 524_288,
                    data: "YWJj",
                    nextOffset: nil
                )
            )
        ),
        (
            .createSite(
                SiteDraft(
                    kind: .merchant,
                    code: merchant,
                    parent: nil,
                    name: "小松商店",
                    representative: "rep",
                    contact: "0761-00-0000"
                )
            ),
            .site(
                SiteView(
                    kind: "merchant",
                    code: "M-0001",
                    name: "小松商店",
                    representative: "rep",
                    contact: "0761-00-0000",
                    disabledAt: nil
                )
            )
        ),
        (.listSites(.merchant, parent: nil), .sites([site])),
        (
            .changeSite(
                .merchant,
                merchant,
                SiteChange(name: "小松商店", representative: "", contact: "none", disabled: nil)
            ),
            .site(site)
        ),
        (.createSite(SiteDraft(kind: .store, code: store, parent: merchant, name: "本店")), .site(site)),
        (.listSites(.store, parent: merchant), .sites([site])),
        (.changeSite(.store, store, SiteChange(name: nil, disabled: true)), .site(site)),
        (.createSite(SiteDraft(kind: .terminal, code: terminal, parent: store, name: "レジ1")), .site(site)),
        (.listSites(.terminal, parent: nil), .sites([])),
        (.changeSite(.terminal, terminal, SiteChange(name: "レジ2", disabled: false)), .site(site)),
    ]

    /// Every kind of event.
    static let events: [ControlEvent] = [
        .scan(
            ScanView(
                text: "KQ1P:KMTPREMIUM:00000001:abc",
                payloadHex: "4b5131",
                symbol: "3-M",
                inverted: false,
                mirrored: true,
                latencyMilliseconds: 1.5,
                corners: [[1, 2], [3.5, 4], [5, 6], [7, 8]]
            )
        ),
        .scanRefused(ScanRefusalView(session: session.description, code: "voucher_already_spent", message: "Used.")),
        .session(sessionView),
        .payment(paymentView),
        .refund(refundView),
        .camera(
            CameraStateView(
                source: "camera /dev/video0 640x480",
                state: .lost(code: "camera_removed", message: "Camera /dev/video0 was disconnected.")
            )
        ),
        .stopping(StoppingView(message: "kioskd is stopping (signal 15)")),
    ]
}
