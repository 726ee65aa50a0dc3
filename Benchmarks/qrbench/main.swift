// qrbench: the scanner's benchmark, outside the tests (release build only).
//
//   qrbench                       qr_anchors.py's --cmd contract: PGM paths on stdin, one line
//                                 "<path>\t<ns>\t<hex>[;<hex>...]" per path on stdout
//   qrbench --frames N FILE.pgm   scans one file N times (for malloc-count and callgrind)
//   qrbench --fuzz N [--seed S]   N seeded random frames: counts frames, crashes (none: it
//                                 would not finish) and payloads
//   qrbench --dump-grids DIR      with the contract: also writes every sampled grid as PGM
//   qrbench --inspect FILE...     per file: the payloads, finder candidates, and every attempt
//                                 (triple, version, transform, timing score, where it stopped)
import Decoder
import Glibc

func monotonicNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var s = ""
    for b in bytes {
        s.append(digits[Int(b >> 4)])
        s.append(digits[Int(b & 15)])
    }
    return s
}

func writeError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Scanners by geometry: one per frame size, reused, as the daemon does.
final class ScannerPool {
    private var scanners: [Int: QRScanner] = [:]
    func scanner(width: Int, height: Int) throws -> QRScanner {
        let key = width << 16 | height
        if let s = scanners[key] { return s }
        let s = try QRScanner(width: width, height: height)
        scanners[key] = s
        return s
    }
}

func writeGrid(_ grid: SampledSymbolGrid, path: String) {
    let scale = 4
    let side = (grid.size + 8) * scale
    var pixels = [UInt8](repeating: 255, count: side * side)
    for row in 0..<grid.size {
        for column in 0..<grid.size where grid.modules[row * grid.size + column] != 0 {
            // Dark black, unsure (an erasure) mid grey.
            let value: UInt8 = grid.modules[row * grid.size + column] == 1 ? 0 : 128
            for dy in 0..<scale {
                for dx in 0..<scale { pixels[((row + 4) * scale + dy) * side + (column + 4) * scale + dx] = value }
            }
        }
    }
    guard let file = fopen(path, "wb") else { return }
    let header = "P5\n\(side) \(side)\n255\n"
    _ = header.withCString { fputs($0, file) }
    _ = fwrite(pixels, 1, pixels.count, file)
    fclose(file)
}

/// Scans one frame; returns the hex payloads.
func scanOnce(_ scanner: QRScanner, _ buffer: UnsafeBufferPointer<UInt8>, stride: Int) throws -> [String] {
    try scanner.scan(buffer, stride: stride).map { hex($0.payload) }
}

func runContract(dumpDirectory: String?) throws {
    let repeats = max(1, Int(String(cString: getenv("QR_ANCHORS_REPEAT") ?? strdup("1"))) ?? 1)
    let pool = ScannerPool()
    while let line = readLine(strippingNewline: true) {
        if line.isEmpty { continue }
        var elapsed = UInt64.max
        var payloads: [String] = []
        do {
            let image = try PGMImage(path: line)
            let scanner = try pool.scanner(width: image.width, height: image.height)
            try image.pixels.withUnsafeBufferPointer { buffer in
                for _ in 0..<repeats {
                    let start = monotonicNanoseconds()
                    payloads = try scanOnce(scanner, buffer, stride: image.width)
                    let end = monotonicNanoseconds()
                    elapsed = min(elapsed, end - start)
                }
                if let directory = dumpDirectory {
                    let name = line.split(separator: "/").last.map(String.init) ?? "frame"
                    for (i, grid) in try scanner.sampledGrids(buffer, stride: image.width).enumerated() {
                        writeGrid(grid, path: "\(directory)/\(name).\(i).pgm")
                    }
                }
            }
        } catch {
            writeError("qrbench: \(error)")
            elapsed = 0
        }
        print("\(line)\t\(elapsed)\t\(payloads.joined(separator: ";"))")
    }
}

func runFrames(count: Int, path: String) throws {
    let image = try PGMImage(path: path)
    let scanner = try QRScanner(width: image.width, height: image.height)
    var found = 0
    var times: [UInt64] = []
    times.reserveCapacity(count)
    try image.pixels.withUnsafeBufferPointer { buffer in
        for _ in 0..<count {
            let start = monotonicNanoseconds()
            // The symbols themselves, not their hex text: what is counted is the scanner's own work.
            found += try scanner.scan(buffer, stride: image.width).count
            times.append(monotonicNanoseconds() - start)
        }
    }
    times.sort()
    print("frames \(count) symbols \(found) median_ns \(times[times.count / 2]) min_ns \(times[0])")
}

/// Scans seeded random frames and reports any payload.
///
/// Frames of several kinds: uniform noise, blocky noise (module-like squares), stripes, and
/// noise over fragments of finder-like rings.
func runFuzz(count: Int, seed: UInt64) throws {
    var state = seed
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    let sizes = [(48, 48), (64, 64), (96, 72), (160, 120)]
    var scanners: [QRScanner] = []
    for (w, h) in sizes { scanners.append(try QRScanner(width: w, height: h)) }
    var buffers = sizes.map { [UInt8](repeating: 0, count: $0.0 * $0.1) }
    var payloads = 0
    var grids = 0
    let start = monotonicNanoseconds()
    for i in 0..<count {
        let k = Int(next() % UInt64(sizes.count))
        let (w, h) = sizes[k]
        let kind = next() % 4
        let cell = Int(next() % 6) + 1
        buffers[k].withUnsafeMutableBufferPointer { frame in
            switch kind {
            case 0:
                for j in 0..<(w * h) where j % 8 == 0 {
                    let r = next()
                    for b in 0..<8 where j + b < w * h {
                        frame[j + b] = UInt8(truncatingIfNeeded: r >> (8 * UInt64(b)))
                    }
                }
            case 1:
                var r = next()
                for y in 0..<h {
                    for x in 0..<w {
                        if x % cell == 0 && y % cell == 0 && (x / cell) % 64 == 0 { r = next() }
                        let bit = (r >> UInt64(((x / cell) + (y / cell) * 7) % 64)) & 1
                        frame[y * w + x] = bit == 1 ? 30 : 220
                    }
                }
            case 2:
                let period = Int(next() % 12) + 2
                for y in 0..<h {
                    for x in 0..<w { frame[y * w + x] = ((x + y * Int(next() % 2)) / period) % 2 == 0 ? 40 : 200 }
                }
            default:
                // Finder-like concentric squares at random places over blocky noise.
                for j in 0..<(w * h) { frame[j] = next() & 1 == 0 ? 35 : 215 }
                for _ in 0..<Int(next() % 5) + 1 {
                    let cx = Int(next() % UInt64(w)), cy = Int(next() % UInt64(h))
                    for dy in -3 * cell...3 * cell {
                        for dx in -3 * cell...3 * cell {
                            let x = cx + dx, y = cy + dy
                            guard x >= 0 && y >= 0 && x < w && y < h else { continue }
                            let ring = max(abs(dx), abs(dy)) / cell
                            frame[y * w + x] = (ring == 1) ? 220 : 30
                        }
                    }
                }
            }
        }
        try buffers[k].withUnsafeBufferPointer { frame in
            for payload in try scanOnce(scanners[k], frame, stride: w) {
                payloads += 1
                writeError(
                    "qrbench: fuzz frame \(i) gave payload \(payload); frame kept in /tmp/qrbench-fuzz-\(seed)-\(i).pgm"
                )
                if let file = fopen("/tmp/qrbench-fuzz-\(seed)-\(i).pgm", "wb") {
                    let header = "P5\n\(w) \(h)\n255\n"
                    _ = header.withCString { fputs($0, file) }
                    _ = fwrite(frame.baseAddress, 1, frame.count, file)
                    fclose(file)
                }
            }
            if i % 97 == 0 { grids += try scanners[k].sampledGrids(frame, stride: w).count }
            if (i + 1) % 10000 == 0 {
                writeError("qrbench: fuzz progress \(i + 1) frames, \(payloads) payloads, 0 crashes")
            }
        }
    }
    let seconds = Double(monotonicNanoseconds() - start) / 1e9
    print(
        "fuzz frames \(count) seed \(seed) crashes 0 payloads \(payloads) sampled_grids_in_every_97th \(grids) seconds \(seconds)"
    )
}

func runInspect(paths: [String]) throws {
    for path in paths {
        let image = try PGMImage(path: path)
        let scanner = try QRScanner(width: image.width, height: image.height)
        let (payloads, report) = try image.pixels.withUnsafeBufferPointer { buffer in
            (try scanOnce(scanner, buffer, stride: image.width), try scanner.inspect(buffer, stride: image.width))
        }
        print(
            "\(path) \(image.width)x\(image.height) payloads \(payloads.count) finders \(report.finders.count) triples \(report.triples)"
        )
        for (i, f) in report.finders.enumerated() {
            let x = Int(f.centre.x * 10), y = Int(f.centre.y * 10), m = Int(f.moduleSize * 100)
            print(
                "  finder \(i) at \(x / 10).\(x % 10),\(y / 10).\(y % 10) module \(m / 100).\(m % 100) rows \(f.rows)\(f.inverted ? " inverted" : "")"
            )
        }
        for a in report.attempts {
            let outcome: String
            switch a.outcome {
            case .noTransform: outcome = "no transform"
            case .timing: outcome = "timing"
            case .decoded: outcome = "DECODED"
            case .decode(let error): outcome = "\(error)"
            }
            let corners = a.corners.map { "\(Int($0.x * 10))/\(Int($0.y * 10))" }.joined(separator: " ")
            print(
                "  attempt \(a.finders) v\(a.version) \(a.transform) timing \(Int(a.timingScore * 100))% -> \(outcome) [\(corners)]"
            )
        }
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "--frames", arguments.count == 3, let n = Int(arguments[1]) {
        try runFrames(count: n, path: arguments[2])
    } else if arguments.first == "--fuzz", arguments.count >= 2, let n = Int(arguments[1]) {
        let seed = arguments.count == 4 && arguments[2] == "--seed" ? UInt64(arguments[3]) ?? 1 : 1
        try runFuzz(count: n, seed: seed)
    } else if arguments.first == "--dump-grids", arguments.count == 2 {
        try runContract(dumpDirectory: arguments[1])
    } else if arguments.first == "--inspect", arguments.count >= 2 {
        try runInspect(paths: Array(arguments.dropFirst()))
    } else if arguments.isEmpty {
        try runContract(dumpDirectory: nil)
    } else {
        writeError(
            "usage: qrbench | qrbench --frames N FILE.pgm | qrbench --fuzz N [--seed S] | qrbench --dump-grids DIR | qrbench --inspect FILE..."
        )
        exit(2)
    }
} catch {
    writeError("qrbench: \(error)")
    exit(1)
}
