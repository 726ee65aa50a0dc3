import Testing
import TestSupport

@testable import Decoder

@Suite struct ReedSolomonDecoderTests {
    /// Runs the decoder on an array.
    static func correct(
        _ decoder: ReedSolomonDecoder,
        _ block: inout [UInt8],
        ecCount: Int,
        erasures: [Int] = [],
        protection: Int = 0
    ) -> Int? {
        block.withUnsafeMutableBufferPointer { pointer in
            erasures.withUnsafeBufferPointer {
                decoder.correct(pointer, ecCount: ecCount, erasures: $0, protection: protection)
            }
        }
    }

    /// Random codes of every shape GF(256) allows: 2e + f <= n - k always decodes exactly.
    @Test func correctsErrorsAndErasuresWithinTheRadius() {
        var random = SeededRandom(seed: 10)
        let decoder = ReedSolomonDecoder()
        for _ in 0..<3000 {
            let n = Int.random(in: 3...255, using: &random)
            let ec = Int.random(in: 1...min(n - 1, 68), using: &random)
            let data = (0..<(n - ec)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let codeword = data + TestSymbol.parity(data, ecCount: ec)
            let erasureCount = Int.random(in: 0...ec, using: &random)
            let errorCount = Int.random(in: 0...((ec - erasureCount) / 2), using: &random)
            let positions = Array((0..<n).shuffled(using: &random).prefix(erasureCount + errorCount))
            var received = codeword
            for position in positions { received[position] ^= UInt8.random(in: 1...255, using: &random) }
            let erasures = Array(positions.prefix(erasureCount))
            let changed = Self.correct(decoder, &received, ecCount: ec, erasures: erasures)
            #expect(changed == positions.count, "n \(n) ec \(ec) errors \(errorCount) erasures \(erasureCount)")
            #expect(received == codeword)
        }
    }

    @Test func leavesAnUncorrectableBlockUnchanged() {
        var random = SeededRandom(seed: 11)
        let decoder = ReedSolomonDecoder()
        var failures = 0
        for _ in 0..<2000 {
            let block = (0..<40).map { _ in UInt8.random(in: 0...255, using: &random) }
            var copy = block
            if Self.correct(decoder, &copy, ecCount: 10) == nil {
                failures += 1
                #expect(copy == block)
            }
        }
        #expect(failures > 1900)
    }

    @Test func rejectsBadErasureLists() {
        let decoder = ReedSolomonDecoder()
        let data: [UInt8] = Array(1...16)
        var block = data + TestSymbol.parity(data, ecCount: 10)
        block[3] ^= 0x55
        #expect(Self.correct(decoder, &block, ecCount: 10, erasures: [3, 3]) == nil)
        #expect(Self.correct(decoder, &block, ecCount: 10, erasures: [26]) == nil)
        #expect(Self.correct(decoder, &block, ecCount: 10, erasures: [3]) == 1)
        #expect(block == data + TestSymbol.parity(data, ecCount: 10))
    }

    /// The misdecode-protection codewords of ISO/IEC 18004 table 9: the correctable errors per
    /// block equal the table's printed capacity r for the small symbols.
    @Test func misdecodeProtectionMatchesTable9() {
        let expected: [(Int, ErrorCorrectionLevel, Int, Int)] = [
            (1, .low, 3, 2), (1, .medium, 2, 4), (1, .quartile, 1, 6), (1, .high, 1, 8),
            (2, .low, 2, 4), (2, .medium, 0, 8), (3, .low, 1, 7), (3, .medium, 0, 13), (4, .low, 0, 10),
        ]
        for (number, level, protection, capacity) in expected {
            let version = QRVersion(unchecked: number)
            #expect(ReedSolomonDecoder.misdecodeProtection(version, level) == protection)
            #expect((version.blocks(level).ecCodewordsPerBlock - protection) / 2 == capacity)
        }
        // The protection is what makes the odd EC counts even; elsewhere the counts are even.
        for version in QRVersion.all {
            for level in ErrorCorrectionLevel.allCases {
                let ec = version.blocks(level).ecCodewordsPerBlock
                #expect((ec - ReedSolomonDecoder.misdecodeProtection(version, level)) % 2 == 0)
            }
        }
    }

    /// Beyond capacity: t+1 to 2t byte errors in one block, where t = (ec - p) / 2 is what the
    /// decoder corrects, on versions 1-3 at every level, 10,000 trials per symbol shape.
    ///
    /// Bound. The decoder is a bounded-distance decoder: it returns a codeword only when the
    /// received block lies within the radius (2e + f <= ec - p) of it, and it checks the result's
    /// syndromes. With more than t errors the sent codeword is outside the radius, so any result
    /// is a different codeword: a wrong block. The radius-t spheres around the 256^k codewords
    /// are disjoint and hold V(n, t) = sum over i <= t of C(n, i) * 255^i words each, so they
    /// cover the fraction Q = V(n, t) / 256^(n-k) of all blocks. McEliece and Swanson ("On the
    /// decoder error probability for Reed-Solomon codes", IEEE Trans. IT-32, 1986) show that
    /// the probability of landing in a wrong sphere with more than t errors is at most about Q
    /// (it is 0 for fewer than d - t errors, d = ec + 1). Q is below 1e-9 for every shape here,
    /// so the expected number of wrong blocks in 10,000 trials is below 1e-5; we allow the count
    /// a Poisson variable of mean 100 * trials * Q exceeds with probability 1e-6 at most (0
    /// here). A wrong block must then also parse as an exact segment stream to become a wrong
    /// payload, which removes most of what is left.
    @Test func beyondCapacityRarelyGivesAWrongPayload() {
        var random = SeededRandom(seed: 12)
        let decoder = QRGridDecoder()
        let trials = 10_000
        var report: [String] = []
        for number in 1...3 {
            let version = QRVersion(unchecked: number)
            for level in ErrorCorrectionLevel.allCases {
                let damage = Corruption(version: version, level: level)
                let t = damage.errorCapacity
                let symbols = (0..<16).map { index in
                    TestSymbol.randomByteSymbol(
                        version: version,
                        level: level,
                        mask: QRMask(unchecked: index % 8),
                        using: &random
                    )
                }
                var wrongPayloads = 0
                var failures = 0
                for trial in 0..<trials {
                    let (matrix, payload) = symbols[trial % symbols.count]
                    var grid = TestSymbol.values(matrix)
                    let block = Int.random(in: 0..<damage.blockLengths.count, using: &random)
                    let errors = Int.random(in: (t + 1)...(2 * t), using: &random)
                    for offset in (0..<damage.blockLengths[block]).shuffled(using: &random).prefix(errors) {
                        damage.flip(
                            &grid,
                            block: block,
                            offset: offset,
                            pattern: UInt8.random(in: 1...255, using: &random)
                        )
                    }
                    do {
                        let symbol = try decoder.decode(modules: grid, side: version.size)
                        // The upright read is wrong by construction; only a different payload counts.
                        if symbol.payload != payload || symbol.mirrored { wrongPayloads += 1 }
                    } catch {
                        failures += 1
                    }
                }
                let blocks = version.blocks(level)
                let n =
                    blocks.shortBlockDataCodewords + blocks.ecCodewordsPerBlock + (blocks.longBlockCount > 0 ? 1 : 0)
                let q = Self.sphereFraction(n: n, radius: t, ecCount: blocks.ecCodewordsPerBlock)
                let allowed = Self.poissonAllowance(mean: 100 * Double(trials) * q, tail: 1e-6)
                report.append(
                    "\(version)-\(level): t=\(t), \(wrongPayloads)/\(trials) wrong payloads, \(failures) rejected, Q=\(q), allowed \(allowed)"
                )
                #expect(wrongPayloads <= allowed, "\(version)-\(level)")
                #expect(wrongPayloads + failures == trials)
            }
        }
        print("beyond capacity (t+1...2t errors in one block):\n" + report.joined(separator: "\n"))
    }

    /// V(n, t) / 256^ec.
    static func sphereFraction(n: Int, radius: Int, ecCount: Int) -> Double {
        var volume = 0.0
        var binomial = 1.0
        for i in 0...radius {
            if i > 0 { binomial = binomial * Double(n - i + 1) / Double(i) }
            volume += binomial * pow255(i)
        }
        var fraction = volume
        for _ in 0..<ecCount { fraction /= 256 }
        return fraction
    }

    static func pow255(_ exponent: Int) -> Double { (0..<exponent).reduce(1.0) { value, _ in value * 255 } }

    /// The smallest m with P(X > m) <= tail for X Poisson with the given mean.
    static func poissonAllowance(mean: Double, tail: Double) -> Int {
        var m = 0
        var term = (-mean).exponential
        var cumulative = term
        while 1 - cumulative > tail {
            m += 1
            term *= mean / Double(m)
            cumulative += term
        }
        return m
    }
}

extension Double {
    /// e^self by its series; enough for the small means used here (no Foundation in this target).
    fileprivate var exponential: Double {
        var sum = 1.0
        var term = 1.0
        for k in 1..<60 {
            term *= self / Double(k)
            sum += term
        }
        return sum
    }
}
