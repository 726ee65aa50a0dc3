import Kiosk

/// What the socket tests read from a reply, an event line or a result, without a `switch` each time.
extension ControlReplyLine {
    /// The result, when kioskd did what was asked.
    var result: ControlResult? {
        if case .success(let result) = outcome { result } else { nil }
    }

    /// The refusal, when it did not.
    var error: ControlError? {
        if case .failure(let error) = outcome { error } else { nil }
    }
}

extension ControlEventLine {
    /// The event, when the line is one.
    var event: ControlEvent? {
        if case .event(let event) = self { event } else { nil }
    }
}

extension ControlEvent {
    /// The session of a `session` event.
    var session: SessionView? {
        if case .session(let view) = self { view } else { nil }
    }
}

extension ControlResult {
    /// A session step's session.
    var session: SessionView? {
        if case .session(let view) = self { view } else { nil }
    }

    /// `session.confirm`'s payment.
    var payment: PaymentView? {
        if case .payment(let view) = self { view } else { nil }
    }

    /// `balance`'s answer.
    var balance: BalanceView? {
        if case .balance(let view) = self { view } else { nil }
    }

    /// `login`'s answer.
    var login: LoginView? {
        if case .login(let view) = self { view } else { nil }
    }

    /// `account.list`'s accounts.
    var accounts: [AccountView]? {
        if case .accounts(let views) = self { views } else { nil }
    }

    /// `refund.search`'s payments.
    var payments: [PaymentView]? {
        if case .payments(let views) = self { views } else { nil }
    }

    /// `refund.preview`'s and `refund.confirm`'s refund.
    var refund: RefundView? {
        if case .refund(let view) = self { view } else { nil }
    }

    /// `audit.verify`'s answer.
    var audit: AuditView? {
        if case .audit(let view) = self { view } else { nil }
    }

    /// `issue.vouchers`' answer.
    var issuedVouchers: IssuedVouchersView? {
        if case .issuedVouchers(let view) = self { view } else { nil }
    }

    /// `program.create`'s program.
    var program: ProgramView? {
        if case .program(let view) = self { view } else { nil }
    }

    /// `program.list`'s programs.
    var programs: [ProgramView]? {
        if case .programs(let views) = self { views } else { nil }
    }

    /// `report.settlement`'s answer.
    var settlement: ReportViews.Settlement? {
        if case .settlement(let view) = self { view } else { nil }
    }
}
