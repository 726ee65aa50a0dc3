/// Where a code the camera read went: the desk chooses the session (the one collecting at the
/// camera's terminal), so nothing above it decides which session a scan belongs to.
public enum ScanOutcome: Sendable {
    /// No session collects at the terminal: the code was held nowhere (a balance inquiry, perhaps).
    case noSessionCollecting
    /// Presented to the collecting session: the session after it, the line it gave, and the
    /// payment when the code completed a session its program confirms automatically.
    case presented(session: RedemptionSession, line: HeldCode, payment: Payment?)
    /// The collecting session refused it (a spent, forged or foreign code; the session expired).
    case refused(SessionID, LedgerError)
}
