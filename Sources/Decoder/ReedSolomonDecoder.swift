/// Reed-Solomon error-and-erasure correction over GF(256) for QR blocks.
///
/// A QR block of `n` codewords with `ec` error-correction codewords is a codeword of the code
/// whose generator has the roots 2^0 ... 2^(ec-1). The decoder computes syndromes, finds the
/// errata locator with the Berlekamp-Massey algorithm started from the erasure locator, its
/// roots by Chien search and the error values by Forney's formula. It accepts a correction only
/// when `2 * errors + erasures <= ec - protection` (ISO/IEC 18004's misdecode protection for the
/// small symbols) and the corrected block has zero syndromes, so it is a bounded-distance decoder:
/// it never returns anything but the unique codeword within that radius.
///
/// Holds its work arrays, allocated once, so repeated decoding does not allocate.
final class ReedSolomonDecoder {
    /// Longest block: GF(256) allows 255 codewords.
    static let maxLength = 255

    private let exp: UnsafeMutablePointer<UInt8>  // 512 entries
    private let log: UnsafeMutablePointer<UInt8>  // 256 entries
    private let syndromes: UnsafeMutablePointer<UInt8>
    private let lambda: UnsafeMutablePointer<UInt8>
    private let previous: UnsafeMutablePointer<UInt8>
    private let temporary: UnsafeMutablePointer<UInt8>
    private let omega: UnsafeMutablePointer<UInt8>
    private let roots: UnsafeMutablePointer<Int>
    /// Chien search: per locator term, the log of its value at the position being tried.
    private let termLogs: UnsafeMutablePointer<Int>
    private let isErased: UnsafeMutablePointer<Bool>

    init() {
        exp = .allocate(capacity: 512)
        log = .allocate(capacity: 256)
        for i in 0..<512 { exp[i] = GaloisField.exp[i] }
        for i in 0..<256 { log[i] = GaloisField.log[i] }
        let length = Self.maxLength + 2
        syndromes = .allocate(capacity: length)
        lambda = .allocate(capacity: length)
        previous = .allocate(capacity: length)
        temporary = .allocate(capacity: length)
        omega = .allocate(capacity: length)
        roots = .allocate(capacity: length)
        termLogs = .allocate(capacity: length)
        termLogs.initialize(repeating: 0, count: length)
        isErased = .allocate(capacity: length)
        isErased.initialize(repeating: false, count: length)
    }

    deinit {
        for pointer in [exp, log, syndromes, lambda, previous, temporary, omega] { pointer.deallocate() }
        roots.deallocate()
        termLogs.deallocate()
        isErased.deallocate()
    }

    @inline(__always)
    private func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[Int(log[Int(a)]) + Int(log[Int(b)])]
    }

    /// 2^power for 0 <= power < 510.
    @inline(__always)
    private func alpha(_ power: Int) -> UInt8 { exp[power] }

    /// Corrects a block in place.
    ///
    /// - Parameters:
    ///   - block: The block's codewords, data first; changed only when correction succeeds.
    ///   - ecCount: Error-correction codewords at the end of the block.
    ///   - erasures: Positions in `block` known to be unreliable, each at most once.
    ///   - protection: Misdecode-protection codewords (ISO/IEC 18004 table 9), not used for correction.
    /// - Returns: The number of codewords changed, or `nil` when the block is not within the
    ///   decoding radius; then `block` is unchanged.
    func correct(
        _ block: UnsafeMutableBufferPointer<UInt8>,
        ecCount: Int,
        erasures: UnsafeBufferPointer<Int>,
        protection: Int
    ) -> Int? {
        let n = block.count
        let twoT = ecCount
        let erasureCount = erasures.count
        guard n <= Self.maxLength, twoT > 0, twoT < n, erasureCount <= twoT - protection else { return nil }

        if computeSyndromes(block, twoT) == 0 { return 0 }

        // Erasure locator: product of (1 + X x) with X = 2^(n-1-position).
        for k in 0...twoT + 1 { lambda[k] = 0 }
        lambda[0] = 1
        var degree = 0
        for position in erasures {
            guard position >= 0, position < n, !isErased[position] else {
                clearErased(erasures)
                return nil
            }
            isErased[position] = true
            let logX = n - 1 - position
            degree += 1
            var k = degree
            while k >= 1 {
                let term = lambda[k - 1]
                if term != 0 { lambda[k] ^= exp[Int(log[Int(term)]) + logX] }
                k -= 1
            }
        }
        defer { clearErased(erasures) }
        for k in 0...twoT + 1 { previous[k] = lambda[k] }

        // Berlekamp-Massey from the erasure locator (the errata form: L starts at the erasure count).
        var length = erasureCount
        if erasureCount < twoT {
            for r in (erasureCount + 1)...twoT {
                var discrepancy: UInt8 = 0
                for i in 0...min(r - 1, twoT) where lambda[i] != 0 {
                    discrepancy ^= multiply(lambda[i], syndromes[r - 1 - i])
                }
                if discrepancy == 0 {
                    shiftUp(previous, twoT + 1)
                    continue
                }
                // temporary = lambda + discrepancy * x * previous
                temporary[0] = lambda[0]
                for k in 1...twoT + 1 { temporary[k] = lambda[k] ^ multiply(discrepancy, previous[k - 1]) }
                if 2 * length <= r + erasureCount - 1 {
                    let inverse = exp[255 - Int(log[Int(discrepancy)])]
                    for k in 0...twoT + 1 { previous[k] = multiply(lambda[k], inverse) }
                    length = r + erasureCount - length
                } else {
                    shiftUp(previous, twoT + 1)
                }
                for k in 0...twoT + 1 { lambda[k] = temporary[k] }
            }
        }
        var locatorDegree = twoT + 1
        while locatorDegree > 0 && lambda[locatorDegree] == 0 { locatorDegree -= 1 }
        guard locatorDegree > 0, locatorDegree == length, 2 * length - erasureCount <= twoT - protection else {
            return nil
        }

        // Chien search over the block's positions only: a root elsewhere means failure. Term k
        // at position p is lambda_k * 2^(k * (p - n + 1)); from one position to the next its
        // log grows by k (mod 255), so each term is carried along instead of recomputed.
        var rootCount = 0
        let firstInverse = (255 - (n - 1)) % 255
        for k in 1...locatorDegree where lambda[k] != 0 {
            termLogs[k] = (Int(log[Int(lambda[k])]) + (k * firstInverse) % 255) % 255
        }
        for position in 0..<n {
            var value: UInt8 = lambda[0]
            for k in 1...locatorDegree where lambda[k] != 0 {
                let term = termLogs[k]
                value ^= exp[term]
                let next = term &+ k
                termLogs[k] = next >= 255 ? next &- 255 : next
            }
            if value == 0 {
                guard rootCount < locatorDegree else { return nil }
                roots[rootCount] = position
                rootCount += 1
            }
        }
        guard rootCount == locatorDegree else { return nil }

        // Forney: e = X * Omega(X^-1) / Lambda'(X^-1), Omega = S * Lambda mod x^ec.
        for k in 0..<twoT {
            var sum: UInt8 = 0
            for i in 0...min(k, locatorDegree) { sum ^= multiply(syndromes[k - i], lambda[i]) }
            omega[k] = sum
        }
        // Compute every value before changing the block, so a failure leaves it untouched.
        for index in 0..<rootCount {
            let position = roots[index]
            let logX = n - 1 - position
            let logInverse = (255 - logX) % 255
            var numerator: UInt8 = 0
            for k in 0..<twoT where omega[k] != 0 {
                numerator ^= exp[Int(log[Int(omega[k])]) + (k * logInverse) % 255]
            }
            var denominator: UInt8 = 0
            var k = 1
            while k <= locatorDegree {
                if lambda[k] != 0 { denominator ^= exp[Int(log[Int(lambda[k])]) + ((k - 1) * logInverse) % 255] }
                k += 2
            }
            guard denominator != 0 else { return nil }
            let value =
                numerator == 0
                ? 0 : exp[(Int(log[Int(numerator)]) + logX + 255 - Int(log[Int(denominator)])) % 255]
            temporary[index] = value
        }
        var changed = 0
        var errors = 0
        for index in 0..<rootCount where temporary[index] != 0 {
            block[roots[index]] ^= temporary[index]
            changed += 1
            if !isErased[roots[index]] { errors += 1 }
        }

        // Verify: the result must be a codeword, within the radius. The syndromes are linear,
        // so the corrected block's are the received block's plus those of the corrections:
        // e * 2^(j * (n-1-position)) for each, rather than the whole block's again.
        var any: UInt8 = 0
        for index in 0..<rootCount where temporary[index] != 0 {
            let step = n - 1 - roots[index]
            var power = Int(log[Int(temporary[index])])
            for j in 0..<twoT {
                syndromes[j] ^= exp[power]
                power += step
                if power >= 255 { power -= 255 }
            }
        }
        for j in 0..<twoT { any |= syndromes[j] }
        guard any == 0, 2 * errors + erasureCount <= twoT - protection else {
            for index in 0..<rootCount { block[roots[index]] ^= temporary[index] }
            return nil
        }
        return changed
    }

    /// Computes S_j = r(2^j) for j = 0 ..< count into `syndromes`.
    ///
    /// Summed term by term in the log domain (r_i * 2^(j * (n-1-i))): the terms are independent,
    /// which runs several times faster than Horner's rule, whose steps wait on each other.
    ///
    /// - Returns: The OR of all syndromes: 0 exactly when the block is a codeword.
    private func computeSyndromes(_ block: UnsafeMutableBufferPointer<UInt8>, _ count: Int) -> UInt8 {
        let n = block.count
        for j in 0..<count { syndromes[j] = block[n - 1] }
        for i in 0..<(n - 1) where block[i] != 0 {
            let step = n - 1 - i
            var power = Int(log[Int(block[i])])
            for j in 0..<count {
                syndromes[j] ^= exp[power]
                power += step
                if power >= 255 { power -= 255 }
            }
        }
        var any: UInt8 = 0
        for j in 0..<count { any |= syndromes[j] }
        return any
    }

    /// Multiplies a polynomial by x, dropping the term that would pass `count` coefficients.
    @inline(__always)
    private func shiftUp(_ polynomial: UnsafeMutablePointer<UInt8>, _ count: Int) {
        var k = count
        while k >= 1 {
            polynomial[k] = polynomial[k - 1]
            k -= 1
        }
        polynomial[0] = 0
    }

    private func clearErased(_ erasures: UnsafeBufferPointer<Int>) {
        for position in erasures where position >= 0 && position < Self.maxLength + 2 { isErased[position] = false }
    }

    /// Misdecode-protection codewords of a block (ISO/IEC 18004 table 9, footnote b): 3 for 1-L,
    /// 2 for 1-M and 2-L, 1 for 1-Q, 1-H and 3-L, none elsewhere.
    static func misdecodeProtection(_ version: QRVersion, _ level: ErrorCorrectionLevel) -> Int {
        switch (version.rawValue, level) {
        case (1, .low): 3
        case (1, .medium), (2, .low): 2
        case (1, .quartile), (1, .high), (3, .low): 1
        default: 0
        }
    }
}
