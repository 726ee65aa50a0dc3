/// Why the customer display could not start.
enum DisplayError: Error, Equatable, CustomStringConvertible {
    /// The address could not be bound (in use, not on this machine, not allowed).
    case cannotListen(address: String, reason: String)

    /// A stable code for logs.
    var code: String {
        switch self {
        case .cannotListen: "display_cannot_listen"
        }
    }

    /// One sentence for the operator.
    var description: String {
        switch self {
        case .cannotListen(let address, let reason):
            "The customer display cannot listen on \(address): \(reason). Change [display] listen or stop what uses it."
        }
    }
}
