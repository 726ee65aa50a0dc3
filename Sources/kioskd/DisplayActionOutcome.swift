/// What a touch button led to.
enum DisplayActionOutcome: Equatable, Sendable {
    /// The desk settled or cancelled the session.
    case done
    /// Nothing changed: the session shown is gone or cannot do that now (the reason is for the page's log).
    case refused(String)
}
