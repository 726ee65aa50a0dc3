/// Three finder candidates that may be the corners of one symbol, in symbol orientation.
struct FinderTriple {
    /// Index of the top-left finder (the corner of the right angle).
    var topLeft: Int32
    /// Index of the top-right finder: (top-right - top-left) x (bottom-left - top-left) > 0 in
    /// image coordinates, so a mirrored symbol gets its two arms swapped and samples transposed.
    var topRight: Int32
    /// Index of the bottom-left finder.
    var bottomLeft: Int32
    /// Lower is more symbol-like: how far the triple is from a square's corner.
    var score: Float
}

/// Groups finder candidates into triples and orders them best first, in a fixed-capacity buffer.
struct FinderGrouper {
    /// Room for this many triples; worse ones are dropped.
    let capacity: Int
    /// The triples, best first.
    let triples: UnsafeMutablePointer<FinderTriple>
    /// Triples in use.
    private(set) var count = 0
    /// Only this many candidates (the most often confirmed) take part, bounding the work.
    let candidateLimit = 24
    private let order: UnsafeMutablePointer<Int32>

    /// Allocates room for `capacity` triples.
    init(capacity: Int) {
        self.capacity = capacity
        triples = .allocate(capacity: capacity)
        order = .allocate(capacity: 24)
    }

    /// Frees the buffers; the owner calls it once, from its `deinit`.
    func deallocate() {
        triples.deallocate()
        order.deallocate()
    }

    /// Forms the plausible triples among `candidates`.
    ///
    /// - Parameters:
    ///   - candidates: The frame's finder candidates.
    ///   - n: How many there are.
    ///   - minimumCount: Rows that must have confirmed a finder for it to take part.
    ///   - maximumModules: The largest symbol side in modules (from the maximum version).
    mutating func group(
        _ candidates: UnsafeMutablePointer<FinderCandidate>,
        count n: Int,
        minimumCount: Int32,
        maximumModules: Int
    ) {
        count = 0
        var m = 0
        // Small finders are crossed by few scanned rows: one confirmed row is enough for them.
        for i in 0..<n
        where (candidates[i].count >= minimumCount || candidates[i].moduleSize < 3) && !candidates[i].used {
            // Keep the best-confirmed `candidateLimit` (insertion by count).
            var position = m < candidateLimit ? m : candidateLimit - 1
            if m == candidateLimit && candidates[Int(order[position])].count >= candidates[i].count { continue }
            while position > 0 && candidates[Int(order[position - 1])].count < candidates[i].count {
                order[position] = order[position - 1]
                position -= 1
            }
            order[position] = Int32(i)
            if m < candidateLimit { m += 1 }
        }
        guard m >= 3 else { return }
        for a in 0..<(m - 2) {
            for b in (a + 1)..<(m - 1) {
                for c in (b + 1)..<m {
                    consider(candidates, Int(order[a]), Int(order[b]), Int(order[c]), maximumModules: maximumModules)
                }
            }
        }
    }

    private mutating func consider(
        _ candidates: UnsafeMutablePointer<FinderCandidate>,
        _ i: Int,
        _ j: Int,
        _ k: Int,
        maximumModules: Int
    ) {
        let p = candidates[i], q = candidates[j], r = candidates[k]
        guard p.inverted == q.inverted && p.inverted == r.inverted else { return }
        let smallest = Swift.min(p.moduleSize, q.moduleSize, r.moduleSize)
        let largest = Swift.max(p.moduleSize, q.moduleSize, r.moduleSize)
        guard largest <= smallest * 2.2 else { return }
        let pq = squaredDistance(p, q), pr = squaredDistance(p, r), qr = squaredDistance(q, r)
        let longest = Swift.max(pq, pr, qr)
        // The corner usually faces the longest side; strong perspective can make a leg the
        // longest, so every vertex is considered, the usual one scoring better.
        considerCorner(p, q, r, i, j, k, opposite: qr, longest: longest, maximumModules: maximumModules)
        considerCorner(q, p, r, j, i, k, opposite: pr, longest: longest, maximumModules: maximumModules)
        considerCorner(r, p, q, k, i, j, opposite: pq, longest: longest, maximumModules: maximumModules)
    }

    private mutating func considerCorner(
        _ corner: FinderCandidate,
        _ one: FinderCandidate,
        _ two: FinderCandidate,
        _ ci: Int,
        _ oi: Int,
        _ ti: Int,
        opposite: Float,
        longest: Float,
        maximumModules: Int
    ) {
        let smallest = Swift.min(corner.moduleSize, one.moduleSize, two.moduleSize)
        let largest = Swift.max(corner.moduleSize, one.moduleSize, two.moduleSize)
        let ux = one.x - corner.x, uy = one.y - corner.y
        let vx = two.x - corner.x, vy = two.y - corner.y
        let lu = (ux * ux + uy * uy).squareRoot()
        let lv = (vx * vx + vy * vy).squareRoot()
        guard lu > 0 && lv > 0 else { return }
        let legRatio = Swift.max(lu, lv) / Swift.min(lu, lv)
        guard legRatio < 2 else { return }
        let cosine = (ux * vx + uy * vy) / (lu * lv)
        // A right angle seen in perspective opens up to about 140 degrees when its corner is
        // the nearest finder (the largest); otherwise it stays within 53 degrees of square.
        let nearest = corner.moduleSize >= largest && largest >= smallest * 1.2
        guard abs(cosine) < 0.6 || (nearest && cosine < 0 && cosine > -0.78) else { return }
        let module = (corner.moduleSize + one.moduleSize + two.moduleSize) / 3
        // Centre to centre is (side - 7) modules: at least 14, at most the largest version's.
        let spanU = lu / module, spanV = lv / module
        guard spanU > 9 && spanV > 9 else { return }
        let limit = Float(maximumModules - 7) * 1.5 + 4
        guard spanU < limit && spanV < limit else { return }
        let cross = ux * vy - uy * vx
        let unusual: Float = opposite < longest ? 0.5 : 0
        let score = abs(cosine) + (legRatio - 1) + (largest / smallest - 1) * 0.5 + unusual
        let triple =
            cross > 0
            ? FinderTriple(topLeft: Int32(ci), topRight: Int32(oi), bottomLeft: Int32(ti), score: score)
            : FinderTriple(topLeft: Int32(ci), topRight: Int32(ti), bottomLeft: Int32(oi), score: score)
        insert(triple)
    }

    private mutating func insert(_ triple: FinderTriple) {
        var position = count < capacity ? count : capacity - 1
        if count == capacity && triples[position].score <= triple.score { return }
        while position > 0 && triples[position - 1].score > triple.score {
            triples[position] = triples[position - 1]
            position -= 1
        }
        triples[position] = triple
        if count < capacity { count += 1 }
    }

    private func squaredDistance(_ a: FinderCandidate, _ b: FinderCandidate) -> Float {
        let dx = a.x - b.x, dy = a.y - b.y
        return dx * dx + dy * dy
    }
}
