/// What the scanner saw in one frame, stage by stage: the finder candidates, and every attempt
/// to read a symbol from three of them, with how far it got.
///
/// A diagnostic for `qrbench --inspect` and tests, as quirc's `inspect` tool is for quirc: it
/// tells a code whose finders were not found from one found but sampled off by a module.
public struct ScanInspection: Hashable, Sendable {
    /// One confirmed finder pattern.
    public struct Finder: Hashable, Sendable {
        /// Its centre.
        public let centre: ImagePoint
        /// The module size its runs give, in pixels.
        public let moduleSize: Double
        /// Rows that confirmed it.
        public let rows: Int
        /// Whether it is light on dark.
        public let inverted: Bool
    }

    /// How an attempt ended.
    public enum Outcome: Hashable, Sendable {
        /// No transform could be built from the finders (degenerate geometry).
        case noTransform
        /// The timing patterns read through the best transform did not look like a symbol.
        case timing
        /// The grid was sampled and the grid decoder failed at the stage named.
        case decode(QRDecodeError)
        /// The grid decoded.
        case decoded
    }

    /// One version tried on one finder triple.
    public struct Attempt: Hashable, Sendable {
        /// Indexes into ``ScanInspection/finders``: top-left, top-right, bottom-left.
        public let finders: [Int]
        /// The version tried.
        public let version: Int
        /// Which transform was sampled: "affine" (fourth corner from a parallelogram),
        /// "alignment" (through the bottom-right alignment pattern found from the affine guess),
        /// "finders" (fitted to the finders' centres and rings), "finders+alignment" (the
        /// alignment pattern found from that fit), "alignments" (fitted through every
        /// alignment pattern, version 7 and up).
        public let transform: String
        /// The share of timing-pattern modules read as expected, 0 to 1.
        public let timingScore: Double
        /// Where the kept transform puts module-space points (0, 0), (size, 0), (size, size),
        /// (0, size) and, for version 2 and up, the bottom-right alignment pattern's centre;
        /// empty without a transform.
        public let corners: [ImagePoint]
        /// How it ended.
        public let outcome: Outcome
    }

    /// Every finder candidate, in the order the scanner found them.
    public let finders: [Finder]
    /// Finder triples formed (candidate symbols), best first; not all are tried.
    public let triples: Int
    /// Every attempt, in the order made.
    public let attempts: [Attempt]
}

/// The scanner's record of attempts while an inspection runs (``QRScanner/inspect(_:stride:)``).
final class ScanTrace {
    var attempts: [ScanInspection.Attempt] = []
    /// The attempt sampled last, waiting for the decoder's answer.
    var pending: ScanInspection.Attempt?

    func record(
        _ finders: [Int],
        version: Int,
        transform: String,
        timingScore: Double,
        through: PerspectiveTransform?,
        outcome: ScanInspection.Outcome
    ) {
        attempts.append(
            attempt(finders, version: version, transform: transform, timingScore: timingScore, through: through, outcome: outcome)
        )
    }

    func attempt(
        _ finders: [Int],
        version: Int,
        transform: String,
        timingScore: Double,
        through: PerspectiveTransform?,
        outcome: ScanInspection.Outcome
    ) -> ScanInspection.Attempt {
        let s = Double(17 + 4 * version)
        var points = [(0, 0), (s, 0), (s, s), (0, s)]
        if version >= 2 { points.append((s - 6.5, s - 6.5)) }
        let corners = through.map { t in points.map { p in t.map(p.0, p.1) }.map { ImagePoint(x: $0.x, y: $0.y) } } ?? []
        return ScanInspection.Attempt(
            finders: finders,
            version: version,
            transform: transform,
            timingScore: timingScore,
            corners: corners,
            outcome: outcome
        )
    }

    /// Completes the pending attempt with the decoder's answer.
    func resolve(_ outcome: ScanInspection.Outcome) {
        guard let p = pending else { return }
        attempts.append(
            ScanInspection.Attempt(
                finders: p.finders,
                version: p.version,
                transform: p.transform,
                timingScore: p.timingScore,
                corners: p.corners,
                outcome: outcome
            )
        )
        pending = nil
    }
}
