/// Computes Reed-Solomon error-correction codewords over GF(256) (ISO/IEC 18004 7.5.2).
///
/// The generator polynomial of degree n has the roots 2^0 ... 2^(n-1); the codewords are the
/// remainder of data(x) * x^n divided by it.
struct ReedSolomonEncoder: Sendable {
    /// The generator's coefficients without the leading 1, highest degree first.
    let generator: [UInt8]

    /// Creates the encoder for `degree` error-correction codewords per block.
    init(degree: Int) {
        precondition((1...254).contains(degree), "Reed-Solomon degree \(degree) outside 1...254")
        // Start from g(x) = 1 and multiply by (x - 2^i) for each root.
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = GaloisField.multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = GaloisField.multiply(root, 2)
        }
        generator = coefficients
    }

    /// The encoders for every degree the QR tables use, built once.
    static let byDegree: [Int: ReedSolomonEncoder] = {
        var result: [Int: ReedSolomonEncoder] = [:]
        for table in QRVersion.ecCodewordsPerBlock {
            for degree in table where degree > 0 { result[Int(degree)] = ReedSolomonEncoder(degree: Int(degree)) }
        }
        return result
    }()

    /// The error-correction codewords for one block of data codewords.
    func remainder(of data: ArraySlice<UInt8>) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            if factor != 0 {
                for i in 0..<result.count { result[i] ^= GaloisField.multiply(generator[i], factor) }
            }
        }
        return result
    }
}
