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

        /// A line from its fields.
        public init(code: String, amount: Yen, balanceBefore: Yen) {
            self.code = code
            self.amount = amount
            self.balanceBefore = balanceBefore
        }

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

    /// A session's view from its fields.
    public init(
        session: String,
        program: String,
        state: String,
        amount: Yen,
        total: Yen,
        missing: Yen,
        lines: [Line],
        payment: String?
    ) {
        self.session = session
        self.program = program
        self.state = state
        self.amount = amount
        self.total = total
        self.missing = missing
        self.lines = lines
        self.payment = payment
    }
}
