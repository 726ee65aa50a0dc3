import Kiosk

/// The `[sessions]` keys that say who confirms a complete session: `confirm = operator | automatic`
/// for this terminal, and `automatic_programs` / `operator_programs` for programs that differ.
enum ConfirmationSettings {
    static func read(_ reader: inout ConfigReader) throws(ConfigError) -> ConfirmationPolicy {
        let text = reader.string("sessions.confirm", default: "operator")
        guard let mode = ConfirmationMode(rawValue: text) else {
            throw reader.invalid("sessions.confirm", "expected operator (a POS or an operator confirms) or automatic (the kiosk confirms), found '\(text)'")
        }
        var policy = ConfirmationPolicy(mode: mode)
        for (key, programMode) in [("sessions.automatic_programs", ConfirmationMode.automatic), ("sessions.operator_programs", .operator)] {
            guard let list = reader.optionalString(key) else { continue }
            for word in list.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
                guard let program = ProgramCode(String(word)) else {
                    throw reader.invalid(key, "'\(word)' is not a program code (1-12 of A-Z and 0-9)")
                }
                if let other = policy.programs[program], other != programMode {
                    throw reader.invalid(key, "\(program) is listed in both automatic_programs and operator_programs")
                }
                policy.programs[program] = programMode
            }
        }
        return policy
    }
}
