/// A confirmed finder pattern: the centre of a 7 x 7 concentric square seen in rows, columns and
/// diagonals with the 1:1:3:1:1 proportions.
struct FinderCandidate {
    /// Centre, in image coordinates (pixel centres at half-integers).
    var x: Float
    /// Centre, in image coordinates.
    var y: Float
    /// Estimated module size in pixels (the mean of the row and column estimates).
    var moduleSize: Float
    /// How many scanned rows confirmed it.
    var count: Int32
    /// `true` for a light-on-dark finder (an inverted code).
    var inverted: Bool
    /// Set once the finder was used by a decoded symbol.
    var used: Bool
}
