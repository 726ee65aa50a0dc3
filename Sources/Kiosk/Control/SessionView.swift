/// A redemption session as the control protocol shows it: what a POS screen or kioskctl prints.
public struct SessionView: Hashable, Sendable, Codable {
    /// One code read in the session.
    public struct Line: Hashable, Sendable, Codable {
        /// The code, as printed (program and serial, or e-ticket id).
        public let code: String
        /// What the session takes from it, in yen.
        public let amount: Yen
        /// Its worth before this session, in yen.
        public let balanceBefore: Yen

        enum CodingKeys: String, CodingKey {
            case code, amount
            case balanceBefore = "balance_before"
        }
    }

    /// The session id (16 hex digits).
    public let session: String
    /// The program's code.
    public let program: String
    /// `collecting`, `complete`, `confirmed`, `aborted` or `expired`.
    public let state: String
    /// The amount entered.
    public let amount: Yen
    /// The sum of the lines read.
    public let total: Yen
    /// What is still missing ("insufficient" while above zero).
    public let missing: Yen
    /// The codes read, in order.
    public let lines: [Line]
    /// The payment, once confirmed.
    public let payment: String?

    /// The view of a session.
    ///
    /// - Parameter session: The desk's session.
    public init(_ session: RedemptionSession) {
        self.session = session.id.description
        program = session.program.description
        state = session.state.name
        amount = session.amount
        total = session.total
        missing = session.missing
        lines = session.lines.map { Line(code: $0.code.description, amount: $0.amount, balanceBefore: $0.balanceBefore) }
        if case .confirmed(let payment) = session.state { self.payment = payment.description } else { payment = nil }
    }

    /// The view of a session the desk no longer holds, from the payment made in it (after a
    /// restart): confirmed, its lines as paid.
    public init(paidIn payment: Payment) {
        session = payment.session.description
        program = payment.program.description
        state = "confirmed"
        amount = payment.requested
        total = payment.amount
        missing = payment.requested - payment.amount
        lines = payment.lines.map { Line(code: $0.code.description, amount: $0.amount, balanceBefore: $0.balanceAfter + $0.amount) }
        self.payment = payment.id.description
    }
}
