extension AccountView {
    /// The view of an account's summary.
    public init(_ summary: AccountSummary) {
        self.init(
            name: summary.name.rawValue,
            role: summary.role.rawValue,
            mustChangePassword: summary.mustChangePassword,
            lockedUntil: summary.lockedUntil?.description,
            createdAt: summary.createdAt.description,
            disabledAt: summary.disabledAt?.description
        )
    }
}
