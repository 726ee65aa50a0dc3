/// The e-ticket an `issue.eticket` request issued.
public struct IssuedETicketView: Hashable, Sendable, Codable {
    /// The program's code.
    public let program: String
    /// The e-ticket's number in its program.
    public let eticket: Int64
    /// Its balance.
    public let balance: Yen
    /// When it expires (UTC).
    public let expiry: String
    /// The ticket key for the holder's phone app (`kioskctl eticket code`), shown only here.
    public let key: String

    /// The e-ticket from its fields.
    public init(program: String, eticket: Int64, balance: Yen, expiry: String, key: String) {
        self.program = program
        self.eticket = eticket
        self.balance = balance
        self.expiry = expiry
        self.key = key
    }
}
