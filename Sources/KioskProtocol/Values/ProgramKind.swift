/// What a program issues: paper vouchers of a fixed face value, or stored-value e-tickets.
public enum ProgramKind: String, Sendable, Codable, CaseIterable {
    /// Paper vouchers, each with a QR code and a typable fallback, spent whole, once.
    case paper
    /// Electronic tickets shown on a phone, with a balance spent in part.
    case eTicket = "eticket"
}
