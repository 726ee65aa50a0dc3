extension FinderScanner {
    /// How many rejected column cuts are remembered; older ones are overwritten in turn.
    static let rejectedCutCapacity = 16

    /// How many rows below a rejected cut's row a hit may be and still be answered by it.
    static let rejectedCutReach = 8

    /// Whether the column cut for a row hit would fail because one already did: an earlier hit
    /// on the same column, with the same total and polarity, whose row joins this one through
    /// pixels of the centre's colour.
    ///
    /// Exact, not a guess: the cut walks the maximal run of the centre's colour through its
    /// start and the four runs beyond it, under limits set by the total alone. Both starts lie
    /// in the same run, so both cuts read the same five runs against the same limits (a run
    /// cut short by a limit is at least as long from the later start) and fail alike. A hit so
    /// answered moves the entry down to its own row, so a pattern crossed by many scanned rows
    /// walks its column once.
    ///
    /// - Returns: `true` when the cut is known to fail.
    mutating func repeatsRejectedCut(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        column: Int,
        row: Int,
        total: Int,
        inverted: Bool
    ) -> Bool {
        for i in 0..<rejectedCount {
            let entry = rejectedCuts[i]
            guard Int(entry.column) == column && Int(entry.total) == total && entry.inverted == inverted else {
                continue
            }
            let from = Int(entry.row)
            guard from <= row && row - from <= Self.rejectedCutReach else { continue }
            var y = from
            while y <= row && binarizer.isDark(luma, x: column, y: y) != inverted { y += 1 }
            guard y > row else { continue }
            rejectedCuts[i].row = Int32(truncatingIfNeeded: row)
            return true
        }
        return false
    }

    /// Remembers a row hit whose column cut failed, in place of the oldest one remembered.
    mutating func rememberRejectedCut(column: Int, row: Int, total: Int, inverted: Bool) {
        rejectedCuts[rejectedNext] = RejectedColumnCut(
            column: Int32(truncatingIfNeeded: column),
            row: Int32(truncatingIfNeeded: row),
            total: Int32(truncatingIfNeeded: total),
            inverted: inverted
        )
        rejectedNext = rejectedNext + 1 == Self.rejectedCutCapacity ? 0 : rejectedNext + 1
        rejectedCount = Swift.max(rejectedCount, rejectedNext == 0 ? Self.rejectedCutCapacity : rejectedNext)
    }
}
