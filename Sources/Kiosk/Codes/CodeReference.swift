/// What a verified code points to: a paper voucher or an e-ticket of a program.
///
/// Only ``VoucherCodec`` makes these from scanned or typed text, after the keyed check passed,
/// so a reference reaching the ledger was issued by someone who holds the program's secret.
public enum CodeReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A paper voucher by its serial in the program.
    case voucher(program: ProgramCode, serial: Int64)
    /// An e-ticket by its number in the program.
    case eTicket(program: ProgramCode, id: Int64)

    /// The program the code belongs to.
    public var program: ProgramCode {
        switch self {
        case .voucher(let program, _), .eTicket(let program, _): program
        }
    }

    /// "KOMATSU26 voucher 00000123" or "KIDS25 e-ticket 00000007".
    public var description: String {
        switch self {
        case .voucher(let program, let serial): "\(program) voucher \(zeroPadded(serial, width: 8))"
        case .eTicket(let program, let id): "\(program) e-ticket \(zeroPadded(id, width: 8))"
        }
    }
}
