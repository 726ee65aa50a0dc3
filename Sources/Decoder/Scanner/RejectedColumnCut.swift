/// A row hit whose column cut failed: where it was, so that the hits straight below it on the
/// same pattern need not walk the same column again.
///
/// On an empty frame most row hits repeat on the next scanned rows at the same column (a
/// letter's stroke, a barcode's bars), and each walked the column up to twice its length for
/// the same answer.
struct RejectedColumnCut {
    /// The column the cut walked.
    var column: Int32
    /// The row it started from, or the last row whose hit it answered since.
    var row: Int32
    /// The row hit's total length, which set the cut's limits.
    var total: Int32
    /// Whether the hit's centre run was light.
    var inverted: Bool
}
