import Testing

@testable import Decoder

@Suite struct VersionInformationTests {
    @Test func validWordsAreAtLeastEightApart() {
        let words = VersionInformation.allWords
        var minimum = 18
        for (i, a) in words.enumerated() {
            for b in words[(i + 1)...] { minimum = min(minimum, (a ^ b).nonzeroBitCount) }
        }
        #expect(words.count == 34)
        #expect(minimum == 8)
    }

    /// Every valid word with every error pattern of weight 0 to 5: weights up to 3 are corrected;
    /// 4 is always rejected, as the minimum distance 8 leaves every other word at least 4 away;
    /// 5 is never taken for the sent word (it may come within 3 of another one).
    @Test func correctsUpToThreeErrorsAndRejectsFourOrFive() {
        var corrected = 0
        var rejected = 0
        for (index, word) in VersionInformation.allWords.enumerated() {
            let version = QRVersion(unchecked: index + 7)
            for pattern in 0..<UInt32(1 << 18) {
                let weight = pattern.nonzeroBitCount
                guard weight <= 5 else { continue }
                let decoded = VersionInformation.nearest(to: word ^ pattern)
                if weight <= 3 {
                    #expect(decoded?.version == version)
                    corrected += 1
                } else if weight == 4 {
                    #expect(decoded == nil)
                    rejected += 1
                } else {
                    #expect(decoded?.version != version)
                }
            }
        }
        #expect(corrected == 34 * (1 + 18 + 153 + 816))
        #expect(rejected == 34 * 3060)
    }

    @Test func unreadableBitsAreErasures() {
        for (index, word) in VersionInformation.allWords.enumerated() {
            let version = QRVersion(unchecked: index + 7)
            #expect(VersionInformation.nearest(to: word ^ 0b111111, unreadable: 0b111111)?.version == version)
            #expect(VersionInformation.nearest(to: word, unreadable: 0b1111111) == nil)
        }
    }
}
