/// One thing an operator may do through the control socket; each role holds a fixed set.
///
/// docs/accounts.md has the same table for people; a test checks the two agree.
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// Open, present to, settle, confirm and abort redemption sessions.
    case sessions
    /// Look up a code's balance and state.
    case balanceInquiry = "balance_inquiry"
    /// The sales summary (売上照会).
    case salesSummary = "sales_summary"
    /// Live events: scans, sessions, payments, refunds, camera state.
    case events
    /// Find payments and refund them while the program's refund window is open.
    case refundInWindow = "refund_in_window"
    /// Usage list, daily and monthly totals, settlement list.
    case reports
    /// Request and fetch the payment data CSV (決済データ).
    case export
    /// Create and list accounts and reset passwords of lower roles.
    case accounts
    /// Refund after the program's refund window has closed.
    case refundPastWindow = "refund_past_window"
    /// Create programs and issue vouchers and e-tickets.
    case programs
    /// Verify the audit chain and see the notification outbox.
    case audit
    /// List cameras and restart the capture.
    case cameras
    /// Register, change and disable merchants (the program office's register of 加盟店).
    case merchants
    /// Register, change, disable and list stores and terminals (a representative: of its own merchant).
    case sites
}

extension Role {
    /// What this role may do: each role may do everything the role below it may, and more.
    public var permissions: Set<Permission> {
        switch self {
        case .staff: [.sessions, .balanceInquiry, .salesSummary, .events, .cameras]
        case .manager: Role.staff.permissions.union([.refundInWindow, .reports, .export, .accounts, .audit])
        case .representative: Role.manager.permissions.union([.sites])
        case .programOffice: Role.representative.permissions.union([.refundPastWindow, .programs, .merchants])
        }
    }

    /// Whether this role may do `permission`.
    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Whether an operator of this role may create an account of `role` or reset its password:
    /// only for roles below their own (a manager for staff, a representative also for managers),
    /// and the program office for every role, itself included, so a city can replace its officers.
    public func manages(_ role: Role) -> Bool {
        guard may(.accounts) else { return false }
        return self == .programOffice || role < self
    }
}
