import TestSupport
import Testing

/// The decoder tests' random cases (frames, corruptions, payloads) come from TestSupport's
/// `SeededRandom`: it must stay SplitMix64 seeded with the seed itself, or every case changes.
@Suite struct SeededRandomTests {
    static let sequences: [(seed: UInt64, first: [UInt64])] = [
        (0, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]),  // Vigna's splitmix64.c
        (42, [0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52]),
        (20_261_204, [0x2682_FEF2_6192_D425, 0x6F5B_B72A_FE37_A205, 0xA73E_DD57_CC76_A671]),
    ]

    @Test(arguments: sequences)
    func aSeedGivesTheSplitMix64Sequence(seed: UInt64, expected: [UInt64]) {
        var random = SeededRandom(seed: seed)
        #expect((0..<3).map { _ in random.next() } == expected)
    }
}
