extension VersionInformation {
    /// The valid version word (versions 7 to 40) nearest to a read word, if within 3 bit errors.
    ///
    /// The 34 valid BCH(18,6) words are at least 8 bits apart, so a word with `e` bit errors and
    /// `f` unreadable bits is decoded when `2e + f <= 6` (3 errors when every bit is readable),
    /// and 4 errors are always detected.
    ///
    /// - Parameters:
    ///   - word: The 18 bits read, bit 0 from the first position of ``QRLayout/versionPositions(size:copy:)``.
    ///   - unreadable: Bits that could not be read.
    /// - Returns: The version and its cost `2e + f`, or `nil` when no valid word is that close.
    static func nearest(to word: UInt32, unreadable: UInt32 = 0) -> (version: QRVersion, cost: Int)? {
        let erasures = unreadable.nonzeroBitCount
        guard erasures <= 6 else { return nil }
        var best: (version: QRVersion, cost: Int)?
        for (index, valid) in allWords.enumerated() {
            let cost = 2 * ((valid ^ word) & ~unreadable).nonzeroBitCount + erasures
            if cost <= 6, cost < best?.cost ?? Int.max { best = (QRVersion(unchecked: index + 7), cost) }
        }
        return best
    }

    /// The words of versions 7 through 40, in order.
    static let allWords: [UInt32] = (7...40).map { bits(QRVersion(unchecked: $0)) }
}
