/// The desk's sessions, the open ones apart from the closed.
///
/// A terminal has at most one open session, so every question the counter asks many times a
/// second (which session collects here, is one already open, which are idle) looks at the open
/// ones only; the closed ones, kept an hour for status queries, never slow them down however busy
/// the hour was.
struct SessionBook: Sendable {
    /// Sessions collecting or complete.
    private(set) var open: [SessionID: RedemptionSession] = [:]
    /// Sessions confirmed, aborted or expired, until they are forgotten.
    private var closed: [SessionID: RedemptionSession] = [:]

    /// A session by its id, open or closed; setting one files it by its state.
    subscript(id: SessionID) -> RedemptionSession? {
        get { open[id] ?? closed[id] }
        set {
            guard let session = newValue else {
                open[id] = nil
                closed[id] = nil
                return
            }
            if session.isOpen {
                closed[id] = nil
                open[id] = session
            } else {
                open[id] = nil
                closed[id] = session
            }
        }
    }

    /// The open session at a terminal, if any.
    func openSession(at terminal: SiteCode) -> RedemptionSession? {
        open.values.first { $0.terminal == terminal }
    }

    /// Forgets the closed sessions whose last activity is `seconds` or more before `now`.
    mutating func forgetClosed(idleFor seconds: Int64, now: Timestamp) {
        closed = closed.filter { now.seconds(since: $0.value.lastActivity) < Double(seconds) }
    }
}
