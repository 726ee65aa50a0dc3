extension ControlRequest {
    /// What the logged-in account must be allowed to do for this request; `nil` for requests that
    /// need no login (`status`, `login`) or only a login of any role (`logout`, `password.change`).
    public var permission: Permission? {
        switch self {
        case .status, .login, .logout, .changePassword: nil
        case .openSession, .present, .sessionStatus, .listSessions, .settle, .confirm, .abort: .sessions
        case .balance: .balanceInquiry
        case .subscribe: .events
        case .createAccount, .resetPassword, .listAccounts, .setAccountDisabled: .accounts
        case .findPayments, .refundPreview, .refund: .refundInWindow
        case .listPrograms: .sessions  // a clerk needs the program code to open a session
        case .createProgram, .issueVouchers, .issueETicket, .voucherSheet: .programs
        case .verifyAudit, .auditHead, .checkLedger, .outboxStatus: .audit
        case .cameraStatus, .cameraRestart, .cameraList: .cameras
        case .usageReport, .dailyTotals, .monthlyTotals, .settlementList: .reports
        case .salesSummary: .salesSummary
        case .exportRequest, .exportStatus, .exportFetch: .export
        case .createSite(let draft): draft.kind == .merchant ? .merchants : .sites
        case .changeSite(let kind, _, _): kind == .merchant ? .merchants : .sites
        case .listSites: .sites
        }
    }
}
