import Kiosk

/// The `[accounts]` section: the password policy, the lockout rule and how long a login lives.
struct AccountSettings: Sendable, Equatable {
    var policyName = "002"
    var policy = PasswordPolicy.seed002
    var lockout = LoginLockout.Rule()
    var idleTimeout: Duration = .seconds(900)

    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> AccountSettings {
        var settings = AccountSettings()
        settings.policyName = reader.string("accounts.password_policy", default: "002")
        guard let policy = PasswordPolicy.preset(named: settings.policyName) else {
            throw reader.invalid(
                "accounts.password_policy",
                "expected 002 (merchant site rules) or 000 (shop app rules), found '\(settings.policyName)'"
            )
        }
        settings.policy = policy
        settings.lockout = LoginLockout.Rule(
            threshold: try reader.integer("accounts.lockout_failures", default: 5, in: 1...100),
            windowSeconds: try reader.duration("accounts.lockout_window", default: .seconds(60), in: .seconds(1)...(.seconds(86_400)))
                .components.seconds,
            durationSeconds: try reader.duration(
                "accounts.lockout_duration",
                default: .seconds(600),
                in: .seconds(1)...(.seconds(86_400))
            ).components.seconds
        )
        settings.idleTimeout = try reader.duration(
            "accounts.idle_timeout",
            default: .seconds(900),
            in: .seconds(1)...(.seconds(86_400))
        )
        return settings
    }
}
