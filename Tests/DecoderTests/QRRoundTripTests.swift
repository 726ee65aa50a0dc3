import Testing
import TestSupport

@testable import Decoder

/// The encoder's symbols through the grid decoder: every version, level and mask.
@Suite struct QRRoundTripTests {
    static let alphabet: [Character] = Array("0123456789ABCDEFXYZ $%*+-./:abcxyz€é点漢字円ｱ")

    @Test func everyVersionLevelAndMaskRoundTrips() throws {
        var random = SeededRandom(seed: 20)
        let decoder = QRGridDecoder()
        var count = 0
        for version in QRVersion.all {
            for level in ErrorCorrectionLevel.allCases {
                for mask in QRMask.all {
                    let encoder = QREncoder(level: level, version: version, mask: mask)
                    let capacity = version.dataCodewords(level)
                    let symbol: QRSymbol
                    if mask.rawValue % 2 == 0 {
                        // Random bytes, optimally segmented, up to what surely fits.
                        let maximum = capacity - 3
                        let bytes = (0..<Int.random(in: 0...maximum, using: &random)).map { _ in
                            UInt8.random(in: 0...255, using: &random)
                        }
                        let code = try encoder.encode(bytes: bytes)
                        symbol = try decoder.decode(code.matrix)
                        #expect(symbol.payload == bytes, "\(version)-\(level) mask \(mask)")
                        #expect(symbol.segments.count == code.segments.count)
                    } else {
                        // Text mixing every mode (Kanji included), up to a quarter of the capacity in characters (at most 24 bits each).
                        let length = Int.random(in: 0...max(0, capacity / 4 - 2), using: &random)
                        let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &random)! })
                        let code = try encoder.encode(text)
                        symbol = try decoder.decode(code.matrix)
                        #expect(symbol.text == text, "\(version)-\(level) mask \(mask)")
                    }
                    #expect(symbol.version == version && symbol.level == level && symbol.mask == mask)
                    #expect(!symbol.mirrored && symbol.correctedCodewords == 0)
                    count += 1
                }
            }
        }
        #expect(count == 40 * 4 * 8)
    }

    @Test(arguments: [QRTextEncoding.utf8WithECI, .iso8859_1WithECI, .shiftJISWithECI])
    func eciRoundTrips(encoding: QRTextEncoding) throws {
        let text = encoding == .iso8859_1WithECI ? "Grüße, 42 £?" : "点と漢字 ｱ 42"
        let code = try QREncoder(level: .quartile, textEncoding: encoding).encode(text)
        let symbol = try QRGridDecoder().decode(code.matrix)
        #expect(symbol.text == text)
        #expect(symbol.eci == encoding.eci.map { Int($0.rawValue) })
    }

    @Test func structuredAppendRoundTrips() throws {
        let whole = Array("KSZ-000123 KSZ-000124".utf8)
        let header = try StructuredAppend(position: 1, total: 2, parity: StructuredAppend.parity(of: whole))
        let code = try QREncoder(level: .high).encode("KSZ-000124", structuredAppend: header)
        let symbol = try QRGridDecoder().decode(code.matrix)
        #expect(symbol.text == "KSZ-000124")
        #expect(symbol.structuredAppend == QRSymbol.StructuredAppend(index: 1, count: 2, parity: header.parity))
    }

    @Test func mirroredEncoderSymbolsRead() throws {
        let code = try QREncoder(level: .medium).encode("Voucher KSZ-000123")
        let symbol = try QRGridDecoder().decode(code.matrix.transposed)
        #expect(symbol.mirrored && symbol.text == "Voucher KSZ-000123")
    }
}
