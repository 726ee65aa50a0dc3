extension FormatInformation {
    /// The valid format word nearest to a read word, if within the correction radius.
    ///
    /// BCH(15,5) has minimum distance 7, so it corrects `e` bit errors and `f` unreadable bits
    /// when `2e + f <= 6`: with every bit readable, 3 errors. Unreadable bits are those set in
    /// `unreadable`; they are left out of the distance.
    ///
    /// - Parameters:
    ///   - word: The 15 bits read, bit 0 from the first position of ``QRLayout/formatPositions(size:copy:)``.
    ///   - unreadable: Bits that could not be read.
    /// - Returns: The format and its cost `2e + f`, or `nil` when no valid word is that close.
    static func nearest(to word: UInt16, unreadable: UInt16 = 0) -> (info: FormatInformation, cost: Int)? {
        let erasures = unreadable.nonzeroBitCount
        guard erasures <= 6 else { return nil }
        var best: (info: FormatInformation, cost: Int)?
        for candidate in allWords {
            let cost = 2 * ((candidate.word ^ word) & ~unreadable).nonzeroBitCount + erasures
            if cost <= 6, cost < best?.cost ?? Int.max { best = (candidate.info, cost) }
        }
        return best
    }
}
