internal import Decoder
import Glibc

/// A camera that needs no hardware: it renders codes on paper cards sliding across a counter.
///
/// Each card enters from one side with motion blur, rests under the camera for a while (turned,
/// tilted in perspective, lit a little differently), leaves, and the counter stays empty until
/// the next one. Sensor noise and slow lighting drift cover every frame. What it draws is seeded,
/// so a run is the same every time. The demo and the tests use it; `pipeline-bench` measures
/// the scanning pipeline with it.
public final class SyntheticCamera: FrameSource {
    /// How fast frames come.
    public enum Pacing: Hashable, Sendable {
        /// At the configured frame rate, as a camera would deliver them.
        case realTime
        /// As fast as the consumer takes them (benchmarks, tests).
        case asFastAsPossible
    }

    /// The frame size.
    public let size: FrameSize
    /// Frames per second (also the time base of the timestamps when not paced).
    public let framesPerSecond: Double
    /// The payloads shown, one card each, in turn.
    public let payloads: [String]
    private let pacing: Pacing
    private let cards: [Card]
    private let background: UnsafeMutableBufferPointer<UInt8>
    private let buffers: [UnsafeMutableBufferPointer<UInt8>]
    private var busy: [Bool]
    private var generation: UInt64 = 0
    private var frameIndex = 0
    private let start: Duration
    private var noiseState: UInt64

    /// Frames a card spends entering, resting, leaving, and the empty gap after it.
    let enterFrames: Int
    let restFrames: Int
    let leaveFrames: Int
    let gapFrames: Int

    /// A code's modules and where its card goes.
    struct Card {
        let modules: [Bool]
        let side: Int  // modules per side, quiet zone included
        let angle: Double
        let tilt: Double
        let scale: Double
        let fromLeft: Bool
        let brightness: Double
    }

    /// Creates a synthetic camera.
    ///
    /// - Parameters:
    ///   - size: Frame size; at least 160x120.
    ///   - framesPerSecond: Frame rate, 1 to 120.
    ///   - payloads: What the cards carry (encoded at level M); at least one.
    ///   - pacing: Real time or as fast as possible.
    ///   - seed: Seeds angles, tilts and noise.
    /// - Throws: ``CaptureError/syntheticInvalid(reason:)`` for a bad size, rate or payload.
    public init(
        size: FrameSize,
        framesPerSecond: Double = 30,
        payloads: [String],
        pacing: Pacing = .realTime,
        seed: UInt64 = 1
    ) throws(CaptureError) {
        guard size.width >= 160, size.height >= 120, size.width <= 4096, size.height <= 4096 else {
            throw .syntheticInvalid(reason: "frame size \(size) is outside 160x120 to 4096x4096")
        }
        guard (1...120).contains(framesPerSecond) else {
            throw .syntheticInvalid(reason: "frame rate \(framesPerSecond) is outside 1 to 120")
        }
        guard !payloads.isEmpty else { throw .syntheticInvalid(reason: "no payloads to show") }
        self.size = size
        self.framesPerSecond = framesPerSecond
        self.payloads = payloads
        self.pacing = pacing
        var random = SplitMix(seed: seed)
        var cards: [Card] = []
        for (index, payload) in payloads.enumerated() {
            let code: QRCode
            do { code = try QREncoder(level: .medium).encode(payload) } catch {
                throw .syntheticInvalid(reason: "payload \(index + 1) cannot be encoded: \(error.message)")
            }
            let quiet = 4
            let side = code.matrix.size + 2 * quiet
            var modules = [Bool](repeating: false, count: side * side)
            for row in 0..<code.matrix.size {
                for column in 0..<code.matrix.size { modules[(row + quiet) * side + column + quiet] = code.matrix[row, column] }
            }
            cards.append(
                Card(
                    modules: modules, side: side,
                    angle: random.uniform(-0.45, 0.45) + (index % 4 == 3 ? Double.pi / 2 : 0),
                    tilt: random.uniform(-0.35, 0.35),
                    scale: random.uniform(0.42, 0.55),
                    fromLeft: index % 2 == 0,
                    brightness: random.uniform(0.85, 1.05)))
        }
        self.cards = cards
        noiseState = random.next()
        enterFrames = max(2, Int(framesPerSecond * 0.4))
        restFrames = max(4, Int(framesPerSecond * 1.2))
        leaveFrames = max(2, Int(framesPerSecond * 0.4))
        gapFrames = max(2, Int(framesPerSecond * 0.5))

        let count = size.width * size.height
        background = .allocate(capacity: count)
        for y in 0..<size.height {
            for x in 0..<size.width {
                // A counter top: a soft gradient with a faint grain.
                let grain = Int((x &* 7919 ^ y &* 104_729) % 17) - 8
                let value = 150 + 40 * y / size.height + grain
                background[y * size.width + x] = UInt8(clamping: value)
            }
        }
        buffers = (0..<4).map { _ in .allocate(capacity: count) }
        busy = [Bool](repeating: false, count: 4)
        start = MonotonicClock.now()
    }

    deinit {
        background.deallocate()
        for buffer in buffers { buffer.deallocate() }
    }

    /// Frames in one card's pass: entering, resting, leaving, gap.
    var framesPerCard: Int { enterFrames + restFrames + leaveFrames + gapFrames }

    /// Renders the next frame; in real time, waits for its moment (at most `timeout`).
    ///
    /// - Returns: The frame, or `nil` when its time has not come within `timeout`, or when the
    ///   consumer still holds every buffer.
    public func nextFrame(timeout: Duration) throws(CaptureError) -> LumaFrame? {
        let due = start + .seconds(Double(frameIndex) / framesPerSecond)
        if pacing == .realTime {
            let now = MonotonicClock.now()
            if due > now {
                let wait = min(due - now, timeout)
                let (seconds, attoseconds) = wait.components
                var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
                nanosleep(&request, nil)
                if due > MonotonicClock.now() { return nil }
            }
        }
        guard let slot = busy.firstIndex(of: false) else { return nil }
        busy[slot] = true
        generation += 1
        render(frame: frameIndex, into: buffers[slot])
        let timestamp = MonotonicClock.now()  // when the frame was made, like a driver's stamp
        defer { frameIndex += 1 }
        return LumaFrame(
            width: size.width, height: size.height, stride: size.width,
            pixels: UnsafeBufferPointer(buffers[slot]), timestamp: timestamp,
            sequence: UInt32(truncatingIfNeeded: frameIndex), buffer: BufferIndex(index: slot, generation: generation))
    }

    /// Gives a frame's buffer back.
    public func release(_ frame: LumaFrame) {
        guard frame.buffer.index < busy.count else { return }
        busy[frame.buffer.index] = false
    }

    /// Which card is in view in `frame`, if any, and its placement: centre, speed in px/frame.
    func placement(frame: Int) -> (card: Int, centerX: Double, centerY: Double, speed: Double)? {
        let cardIndex = (frame / framesPerCard) % cards.count
        let phase = frame % framesPerCard
        let card = cards[cardIndex]
        let width = Double(size.width)
        let rest = width / 2
        let outside = card.fromLeft ? -width * 0.45 : width * 1.45
        let travel = rest - outside
        let centerY = Double(size.height) / 2
        switch phase {
        case ..<enterFrames:
            let t = Double(phase + 1) / Double(enterFrames)
            return (cardIndex, outside + travel * t, centerY, abs(travel) / Double(enterFrames))
        case ..<(enterFrames + restFrames):
            let wobble = sin(Double(phase) * 0.3) * 1.5
            return (cardIndex, rest + wobble, centerY + wobble, 0)
        case ..<(enterFrames + restFrames + leaveFrames):
            let t = Double(phase - enterFrames - restFrames + 1) / Double(leaveFrames)
            return (cardIndex, rest - travel * t, centerY, abs(travel) / Double(leaveFrames))
        default:
            return nil
        }
    }

    private func render(frame: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let width = size.width
        let height = size.height
        // Lighting drifts slowly, as daylight and people moving do.
        let light = 0.9 + 0.1 * sin(Double(frame) * 0.05)
        for i in 0..<(width * height) { buffer[i] = UInt8(Double(background[i]) * light) }

        if let (index, centerX, centerY, speed) = placement(frame: frame) {
            drawCard(cards[index], centerX: centerX, centerY: centerY, light: light, into: buffer)
            if speed > 2 {
                let reach = Int(Double(min(width, height)) * 0.45)
                let rows = max(0, Int(centerY) - reach)..<min(height, Int(centerY) + reach)
                blurRows(of: buffer, radius: min(6, Int(speed / 8) + 1), rows: rows)
            }
        }
        // Sensor noise.
        var state = noiseState &+ UInt64(frame) &* 0x9E37_79B9_7F4A_7C15
        for i in 0..<(width * height) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Int((state >> 59) & 7) - 4
            buffer[i] = UInt8(clamping: Int(buffer[i]) + noise)
        }
    }

    /// Draws a card: the code on white paper, turned by its angle, with perspective tilt.
    private func drawCard(_ card: Card, centerX: Double, centerY: Double, light: Double, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let width = size.width
        let height = size.height
        let half = Double(min(width, height)) * card.scale / 2
        // Corners of the card (unit square) in the image: a square turned by `angle`, with the
        // far edge shortened by `tilt` (a card leaning away from the camera).
        let cosA = cos(card.angle)
        let sinA = sin(card.angle)
        func corner(_ u: Double, _ v: Double) -> (Double, Double) {
            let shrink = 1 - card.tilt * (v - 0.5)
            let x = (u - 0.5) * 2 * half * shrink
            let y = (v - 0.5) * 2 * half
            return (centerX + x * cosA - y * sinA, centerY + x * sinA + y * cosA)
        }
        let quad = [corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1)]
        guard let inverse = Homography.squareToQuad(quad)?.inverted else { return }
        let minX = max(0, Int(quad.map(\.0).min() ?? 0))
        let maxX = min(width - 1, Int(quad.map(\.0).max() ?? 0) + 1)
        let minY = max(0, Int(quad.map(\.1).min() ?? 0))
        let maxY = min(height - 1, Int(quad.map(\.1).max() ?? 0) + 1)
        guard minX <= maxX, minY <= maxY else { return }
        let paper = UInt8(clamping: Int(235 * card.brightness * light))
        let ink = UInt8(clamping: Int(35 * light))
        let side = Double(card.side)
        for y in minY...maxY {
            for x in minX...maxX {
                let (u, v) = inverse.apply(Double(x) + 0.5, Double(y) + 0.5)
                guard u >= 0, u < 1, v >= 0, v < 1 else { continue }
                let column = Int(u * side)
                let row = Int(v * side)
                buffer[y * width + x] = card.modules[row * card.side + column] ? ink : paper
            }
        }
    }

    /// A horizontal box blur: the smear of something moving sideways during the exposure.
    private func blurRows(of buffer: UnsafeMutableBufferPointer<UInt8>, radius: Int, rows: Range<Int>) {
        let width = size.width
        var line = [Int](repeating: 0, count: width + 1)
        for y in rows {
            let base = y * width
            for x in 0..<width { line[x + 1] = line[x] + Int(buffer[base + x]) }
            for x in 0..<width {
                let left = max(0, x - radius)
                let right = min(width - 1, x + radius)
                buffer[base + x] = UInt8((line[right + 1] - line[left]) / (right - left + 1))
            }
        }
    }
}

/// A 3x3 projective map from the unit square to a quadrilateral (Heckbert's closed form).
struct Homography {
    var m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)

    static func squareToQuad(_ q: [(Double, Double)]) -> Homography? {
        let (x0, y0) = q[0], (x1, y1) = q[1], (x2, y2) = q[2], (x3, y3) = q[3]
        let dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2
        let sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3
        let det = dx1 * dy2 - dx2 * dy1
        guard abs(det) > 1e-12 else { return nil }
        let g = (sx * dy2 - dx2 * sy) / det
        let h = (dx1 * sy - sx * dy1) / det
        return Homography(m: (x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1))
    }

    var inverted: Homography? {
        let (a, b, c, d, e, f, g, h, i) = m
        let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
        guard abs(det) > 1e-12 else { return nil }
        return Homography(
            m: ((e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
                (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
                (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det))
    }

    func apply(_ x: Double, _ y: Double) -> (Double, Double) {
        let w = m.6 * x + m.7 * y + m.8
        return ((m.0 * x + m.1 * y + m.2) / w, (m.3 * x + m.4 * y + m.5) / w)
    }
}

/// SplitMix64: small, seeded, good enough for scene parameters.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}
