// Prints how many QR matrices per second the encoder makes (build with -c release).
//
// Usage: swift run -c release QREncoderBenchmark [iterations]
import Decoder
import Dispatch
import Glibc

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 2000
var generator = SystemRandomNumberGenerator()
let payloads = (0..<16).map { _ in (0..<100).map { _ in UInt8.random(in: 0...255, using: &generator) } }

/// CPU time of this process: the machine may be shared, so wall-clock rates understate.
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func measure(_ label: String, _ encoder: QREncoder) throws {
    var darkModules = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = cpuSeconds()
    for i in 0..<iterations {
        let code = try encoder.encode(bytes: payloads[i % payloads.count])
        darkModules &+= code.matrix.modules[code.matrix.size * 9 + 9] ? 1 : 0
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = cpuSeconds() - cpuStart
    print(
        "\(label): \(iterations) matrices, \(Int(Double(iterations) / cpu)) matrices/s of CPU time "
            + "(\(Int(Double(iterations) / seconds))/s wall clock; check \(darkModules))"
    )
}

let v10 = QRVersion(rawValue: 10)
try measure("10-M, 100 random bytes, mask chosen by penalty", QREncoder(level: .medium, version: v10))
try measure(
    "10-M, 100 random bytes, mask 0 forced",
    QREncoder(level: .medium, version: v10, mask: QRMask(rawValue: 0))
)
try measure("smallest version at M, 100 random bytes", QREncoder(level: .medium))
