extension LoginView {
    /// The view of a login.
    public init(_ result: AccountDesk.LoginResult) {
        self.init(
            token: result.token,
            name: result.name.rawValue,
            role: result.role.rawValue,
            mustChangePassword: result.mustChangePassword,
            idleSeconds: result.idleSeconds
        )
    }
}
