/// Who confirms a complete session: an operator or the POS (`session.confirm`), or the kiosk
/// itself in the step that completes it (an unattended kiosk).
public enum ConfirmationMode: String, Hashable, Sendable, CaseIterable {
    /// A `session.confirm` request confirms (the POS or an operator at the counter).
    case `operator`
    /// The desk confirms as soon as the total reaches the amount, or when what was read is settled.
    case automatic
}

/// The confirmation mode of this terminal, with per-program exceptions.
public struct ConfirmationPolicy: Hashable, Sendable {
    /// The terminal's mode, for programs without an exception.
    public var mode: ConfirmationMode
    /// Programs confirmed otherwise than the terminal's mode.
    public var programs: [ProgramCode: ConfirmationMode]

    /// A policy from its parts.
    public init(mode: ConfirmationMode, programs: [ProgramCode: ConfirmationMode] = [:]) {
        self.mode = mode
        self.programs = programs
    }

    /// Every session waits for `session.confirm` (the default: a kiosk with a POS or an operator).
    public static let `operator` = ConfirmationPolicy(mode: .operator)

    /// The mode for a session of `program`.
    public func mode(for program: ProgramCode) -> ConfirmationMode { programs[program] ?? mode }
}

extension SessionID {
    /// The idempotency key of this session's own confirmation: the automatic confirm and a
    /// `session.confirm` without a key use it, so however often either is repeated, and whatever
    /// instant kioskd is killed, the session is paid once or not at all, and its payment can be
    /// found by the session alone after a restart.
    public var confirmationKey: IdempotencyKey { IdempotencyKey("session-\(self)")! }
}
