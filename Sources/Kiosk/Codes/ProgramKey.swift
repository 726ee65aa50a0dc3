/// A program's secret for the keyed checks in its codes, with the numbers the codes carry.
///
/// Secrets come from the program secrets file (never from the ledger), so a copy of the ledger
/// file cannot mint codes.
public struct ProgramKey: Sendable {
    /// The program.
    public let program: ProgramCode
    /// The program's number in typed codes (``Program/number``).
    public let number: Int
    /// The secret, at least 16 bytes.
    let secret: [UInt8]

    /// A key; `nil` when the number is not 1 to 999 or the secret is shorter than 16 bytes.
    public init?(program: ProgramCode, number: Int, secret: [UInt8]) {
        guard (1...999).contains(number), secret.count >= 16 else { return nil }
        self.program = program
        self.number = number
        self.secret = secret
    }
}
