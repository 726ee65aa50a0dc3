/// How long after a payment it may still be refunded by the store.
///
/// Past the window only the program office may refund (see ``Role/programOffice``).
public enum RefundRule: Hashable, Sendable, Codable {
    /// A fixed number of hours after the payment (000: 24 hours).
    case hoursAfterPayment(Int)
    /// Until the end of the closing day of the settlement period that covers the payment, in the
    /// configured zone (002: "換金処理日から月2回の換金締め日までの間").
    case untilClosing
}
