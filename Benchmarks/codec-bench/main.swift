// codec-bench: how fast the QR encoder and grid decoder run, in a release build.
//
//   swift build -c release --product codec-bench && .build/release/codec-bench [--seconds S]
//
// Encodes a 100-byte payload as version 10-M again and again, then decodes the resulting module
// grid again and again (the grid decoder's work without any image processing), and prints
// matrices per second for each, with the median of five timed rounds.
import Decoder
import Foundation

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

var requestedSeconds = 0.4
var words = CommandLine.arguments.dropFirst().makeIterator()
while let word = words.next() {
    switch word {
    case "--seconds":
        guard let text = words.next(), let value = Double(text), value > 0 else {
            print("codec-bench: --seconds needs a positive number")
            exit(2)
        }
        requestedSeconds = value
    default:
        print("usage: codec-bench [--seconds S]   (S per timed round, five rounds each)")
        exit(word == "--help" ? 0 : 2)
    }
}

var generator = SystemRandomNumberGenerator()
let payload = (0..<100).map { _ in UInt8.random(in: 0...255, using: &generator) }
let encoder = QREncoder(level: .medium, version: QRVersion(rawValue: 10))
let code: QRCode
do { code = try encoder.encode(bytes: payload) } catch {
    print("codec-bench: the encoder refused the payload: \(error.message)")
    exit(1)
}
let decoder = QRGridDecoder()

/// Runs `body` repeatedly for about `seconds`, five times, and returns the median rate per second.
func rate(seconds: Double, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var rates: [Double] = []
    for _ in 0..<5 {
        var count = 0
        let start = clock.now
        var elapsed = Duration.zero
        while elapsed < .milliseconds(Int(seconds * 1000)) {
            for _ in 0..<16 { body() }
            count += 16
            elapsed = clock.now - start
        }
        let (whole, attoseconds) = elapsed.components
        rates.append(Double(count) / (Double(whole) + Double(attoseconds) * 1e-18))
    }
    return median(rates)
}

var sink = 0
let encodeRate = rate(seconds: requestedSeconds) {
    if let encoded = try? encoder.encode(bytes: payload) { sink &+= encoded.mask.rawValue }
}
let decodeRate = rate(seconds: requestedSeconds) {
    if let symbol = try? decoder.decode(code.matrix) { sink &+= symbol.payload.count }
}
guard let check = try? decoder.decode(code.matrix), check.payload == payload else {
    print("codec-bench: the decoded payload differs from the encoded one")
    exit(1)
}
print("payload: 100 random bytes; symbol: version \(code.version)-\(code.level), mask \(code.mask)")
print(String(format: "encode (with mask selection): %10.0f matrices/s  (%.1f us each)", encodeRate, 1e6 / encodeRate))
print(String(format: "grid decode:                  %10.0f matrices/s  (%.1f us each)", decodeRate, 1e6 / decodeRate))
if sink == 42 { print("") }  // keeps the optimiser from dropping the work
