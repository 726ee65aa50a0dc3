/// How long the screens that end by themselves stay up.
struct CustomerTiming: Sendable, Equatable {
    /// A refused code's reason.
    var refusal: Duration = .seconds(4)
    /// A balance inquiry's answer.
    var balance: Duration = .seconds(6)
    /// お支払いが完了しました.
    var done: Duration = .seconds(8)
    /// Cancelled or timed out.
    var ended: Duration = .seconds(5)
}
