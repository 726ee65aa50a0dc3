import Testing

@testable import Decoder

@Suite struct FormatInformationTests {
    /// Brute force: the valid word nearest to `word`, when it is within 3 bits and unique.
    static func bruteForce(_ word: UInt16) -> FormatInformation? {
        let distances = FormatInformation.allWords.map { (($0.word ^ word).nonzeroBitCount, $0.info) }
        let best = distances.min { $0.0 < $1.0 }!
        return best.0 <= 3 ? best.1 : nil
    }

    @Test func validWordsAreAtLeastSevenApart() {
        let words = FormatInformation.allWords.map(\.word)
        var minimum = 15
        for (i, a) in words.enumerated() {
            for b in words[(i + 1)...] { minimum = min(minimum, (a ^ b).nonzeroBitCount) }
        }
        #expect(minimum == 7)
        #expect(Set(FormatInformation.allWords.map(\.info)).count == 32)
    }

    /// All 32,768 possible read words: decoded exactly as the nearest valid word within 3 bits.
    @Test func everyWordDecodesToItsNearestValidWordWithinThree() {
        for word in 0..<UInt16(1 << 15) {
            #expect(FormatInformation.nearest(to: word)?.info == Self.bruteForce(word))
        }
    }

    /// Every valid word with every pattern of up to 3 bit errors is corrected.
    @Test func correctsEveryPatternOfUpToThreeErrors() {
        var patterns: [UInt16] = [0]
        for a in 0..<15 {
            patterns.append(1 << a)
            for b in (a + 1)..<15 {
                patterns.append(1 << a | 1 << b)
                for c in (b + 1)..<15 { patterns.append(1 << a | 1 << b | 1 << c) }
            }
        }
        #expect(patterns.count == 1 + 15 + 105 + 455)
        for (word, info) in FormatInformation.allWords {
            for pattern in patterns { #expect(FormatInformation.nearest(to: word ^ pattern)?.info == info) }
        }
    }

    /// Four or more errors are never corrected back to the sent word.
    ///
    /// With minimum distance 7,
    /// a 4-error word can lie within 3 bits of another valid word; the data stage (Reed-Solomon
    /// with a wrong mask or level fails) then rejects it. This counts how often that happens.
    @Test func fourOrMoreErrorsAreNeverTakenForTheSentWord() {
        var rejected = [Int](repeating: 0, count: 16)
        var otherWord = [Int](repeating: 0, count: 16)
        for (word, info) in FormatInformation.allWords {
            for pattern in 0..<UInt16(1 << 15) where pattern.nonzeroBitCount >= 4 {
                let decoded = FormatInformation.nearest(to: word ^ pattern)
                #expect(decoded?.info != info)
                if decoded == nil {
                    rejected[pattern.nonzeroBitCount] += 1
                } else {
                    otherWord[pattern.nonzeroBitCount] += 1
                }
            }
        }
        print("format information, 4 bit errors: \(rejected[4]) rejected, \(otherWord[4]) within 3 of another word")
        #expect(rejected[4] + otherWord[4] == 32 * 1365)
        #expect(rejected[4] > otherWord[4])
    }

    @Test func unreadableBitsAreErasures() {
        for (word, info) in FormatInformation.allWords {
            // Six unreadable bits, all wrong: still the word (2e + f = 6).
            #expect(FormatInformation.nearest(to: word ^ 0b111111, unreadable: 0b111111)?.info == info)
            // Two unreadable plus two wrong readable bits: 2e + f = 6.
            #expect(FormatInformation.nearest(to: word ^ 0b1111, unreadable: 0b11)?.info == info)
            // Seven unreadable bits are too many.
            #expect(FormatInformation.nearest(to: word, unreadable: 0b1111111) == nil)
        }
    }
}
