/// What an operator may do; the accounts issue adds logins, this is the ledger's view of them.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Runs sessions and balance inquiries.
    case staff
    /// Also refunds inside the window, reports, staff accounts.
    case manager
    /// The store's representative: also managers.
    case representative
    /// The city or issuer: also refunds past the window, programs, issuance.
    case programOffice = "program_office"

    private var rank: Int {
        switch self {
        case .staff: 0
        case .manager: 1
        case .representative: 2
        case .programOffice: 3
        }
    }

    /// Orders roles from least to most powerful.
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
