extension QRScanner {
    /// Reads symbols that show only two of their finders: glare on a counter wipes out a third
    /// (its dark centre clips to white), a logo or a thumb covers it.
    ///
    /// Two finders of one symbol are either a side apart (the third lies a side's length away at
    /// a right angle, off either end, to either side) or a diagonal apart (the third lies half
    /// the diagonal off its midpoint, to either side): six places. Each is judged by the timing
    /// patterns of the grid it implies, which hold only where the place is right (on a wrong
    /// side a timing line runs through the quiet zone); the best two are tried as a triple
    /// whose third finder is that place, moved first to where what is left of a finder's rings
    /// fits best. Error correction proves a symbol, as for any triple; the
    /// pairs, places and attempts are bounded, so a frame of clutter costs a fixed amount.
    ///
    /// - Parameters:
    ///   - luma: The frame.
    ///   - accept: Decodes (or inspects) a grid; returns `true` when it was a symbol.
    func recoverFromPairs(_ luma: LumaPlane, _ accept: (SampledGrid) -> Bool) {
        let candidates = finders.candidates
        let n = finders.count
        guard n >= 2 else { return }
        // The best-confirmed unused candidates take part (small finders are crossed by few rows).
        let order = pairOrder
        let limit = order.count
        var m = 0
        for i in 0..<n where !candidates[i].used && (candidates[i].count >= 2 || candidates[i].moduleSize < 3) {
            var position = m < limit ? m : limit - 1
            if m == limit && candidates[order[position]].count >= candidates[i].count { continue }
            while position > 0 && candidates[order[position - 1]].count < candidates[i].count {
                order[position] = order[position - 1]
                position -= 1
            }
            order[position] = i
            if m < limit { m += 1 }
        }
        guard m >= 2 else { return }
        var tries = 0
        for a in 0..<(m - 1) {
            for b in (a + 1)..<m {
                guard tries < Self.maximumPairAttempts else { return }
                let i = order[a], j = order[b]
                guard !candidates[i].used && !candidates[j].used else { continue }
                let p = GridSampler.centredFinder(luma, binarizer, candidates[i])
                let q = GridSampler.centredFinder(luma, binarizer, candidates[j])
                guard p.inverted == q.inverted else { continue }
                let small = Swift.min(p.moduleSize, q.moduleSize), large = Swift.max(p.moduleSize, q.moduleSize)
                guard large <= small * 1.6 else { continue }
                if tryPair(luma, p, q, i, j, tries: &tries, accept) {
                    candidates[i].used = true
                    candidates[j].used = true
                    markCovered(candidates, count: n, by: acceptedTransform, size: acceptedSize)
                }
            }
        }
    }

    /// Places (of all pairs in a frame) whose timing patterns hold that are tried as triples.
    static var maximumPairAttempts: Int { 12 }

    /// Tries the six places of a missing third finder for finders `p` and `q`, best timing first.
    private func tryPair(
        _ luma: LumaPlane,
        _ p: FinderCandidate,
        _ q: FinderCandidate,
        _ i: Int,
        _ j: Int,
        tries: inout Int,
        _ accept: (SampledGrid) -> Bool
    ) -> Bool {
        // Side or diagonal, the two finders' extents along the line between them give the side
        // in modules (along a diagonal both the distance and the extents are √2 longer).
        let side = span(luma, p, q)
        let estimate = (side - 17) / 4
        guard estimate > 0.5 && estimate < Float(maximumVersion.rawValue) + 0.5 else { return false }
        let size = 17 + 4 * Int(estimate.rounded())
        let ux = q.x - p.x, uy = q.y - p.y
        let module = (p.moduleSize + q.moduleSize) / 2
        let distance = (ux * ux + uy * uy).squareRoot()
        guard distance / module > 9 else { return false }
        // The two best places, kept without an array (nothing is allocated per frame).
        var first: (score: Float, tl: FinderCandidate, tr: FinderCandidate, bl: FinderCandidate)?
        var second: (score: Float, tl: FinderCandidate, tr: FinderCandidate, bl: FinderCandidate)?
        for place in 0..<6 {
            let sign: Float = place & 1 == 0 ? 1 : -1
            let nx = -uy * sign, ny = ux * sign
            let corner: FinderCandidate, one: FinderCandidate, two: FinderCandidate
            switch place >> 1 {
            case 0:  // p is the corner; the missing finder is off p
                corner = p
                one = q
                two = Self.placed(p, x: p.x + nx, y: p.y + ny, module: module)
            case 1:  // q is the corner
                corner = q
                one = p
                two = Self.placed(p, x: q.x + nx, y: q.y + ny, module: module)
            default:  // a diagonal: the missing finder is the corner
                corner = Self.placed(p, x: (p.x + q.x + nx) / 2, y: (p.y + q.y + ny) / 2, module: module)
                one = p
                two = q
            }
            guard corner.x >= 0 && corner.y >= 0 && corner.x < Float(width) && corner.y < Float(height),
                two.x >= 0 && two.y >= 0 && two.x < Float(width) && two.y < Float(height)
            else { continue }
            let cross = (one.x - corner.x) * (two.y - corner.y) - (one.y - corner.y) * (two.x - corner.x)
            let (tr, bl) = cross > 0 ? (one, two) : (two, one)
            guard let guess = GridSampler.affineTransform(corner, tr, bl, size: size) else { continue }
            let score = timing(luma, guess, size, p.inverted)
            guard score >= 0.6 else { continue }
            if let top = first, top.score >= score {
                if second == nil || second.unsafelyUnwrapped.score < score { second = (score, corner, tr, bl) }
            } else {
                second = first
                first = (score, corner, tr, bl)
            }
        }
        for rank in 0..<2 {
            guard let hypothesis = rank == 0 ? first : second, tries < Self.maximumPairAttempts else { return false }
            tries += 1
            let (tl, tr, bl) = refinePlaced(luma, hypothesis.tl, hypothesis.tr, hypothesis.bl, size: size)
            let triple = FinderTriple(topLeft: Int32(i), topRight: Int32(j), bottomLeft: Int32(j), score: 0)
            if attempt(luma, triple, tl, tr, bl, sizeEstimate: side, accept) {
                return true
            }
        }
        return false
    }

    /// Moves the placed finder of a triple (the one no row confirmed) to where what is left of a
    /// finder's rings matches best, within a module and a half of where the other two put it.
    ///
    /// The two real finders fix one side or the diagonal; perspective and a slight shear of
    /// the symbol move its third corner a module or so from the square's. Glare seldom wipes a
    /// whole finder with its separator: the part left over is enough to pull the place onto it.
    private func refinePlaced(
        _ luma: LumaPlane,
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int
    ) -> (FinderCandidate, FinderCandidate, FinderCandidate) {
        guard let guess = GridSampler.affineTransform(tl, tr, bl, size: size) else { return (tl, tr, bl) }
        let which = tl.count == 0 ? 0 : tr.count == 0 ? 1 : 2
        let placed = which == 0 ? tl : which == 1 ? tr : bl
        let s = Double(size)
        let column = which == 1 ? s - 3.5 : 3.5, row = which == 2 ? s - 3.5 : 3.5
        let c = guess.map(column, row), cx = guess.map(column + 1, row), cy = guess.map(column, row + 1)
        let ex = (Float(cx.x - c.x), Float(cx.y - c.y)), ey = (Float(cy.x - c.x), Float(cy.y - c.y))
        var best = Int.min, bestX = placed.x, bestY = placed.y
        // Half-module steps; the unmoved place wins a tie.
        for step in 0..<49 {
            let i = Float(step % 7 - 3) * 0.5, j = Float(step / 7 - 3) * 0.5
            let x = placed.x + i * ex.0 + j * ey.0, y = placed.y + i * ex.1 + j * ey.1
            let score = Self.finderScore(luma, binarizer, x: x, y: y, ex, ey, inverted: placed.inverted)
            if score > best || (score == best && i == 0 && j == 0) {
                best = score
                bestX = x
                bestY = y
            }
        }
        var moved = placed
        moved.x = bestX
        moved.y = bestY
        return which == 0 ? (moved, tr, bl) : which == 1 ? (tl, moved, bl) : (tl, tr, moved)
    }

    /// How well a finder with its separator (9 x 9 modules) matches centred on `x`, `y` with
    /// module vectors `ex`, `ey`: the summed signed darkness, each module's clamped.
    static func finderScore(
        _ luma: LumaPlane,
        _ binarizer: Binarizer,
        x: Float,
        y: Float,
        _ ex: (Float, Float),
        _ ey: (Float, Float),
        inverted: Bool
    ) -> Int {
        var sum = 0
        let w = Float(luma.width), h = Float(luma.height)
        for dr in -4...4 {
            for dc in -4...4 {
                let px = x + Float(dc) * ex.0 + Float(dr) * ey.0
                let py = y + Float(dc) * ex.1 + Float(dr) * ey.1
                guard px >= 0 && py >= 0 && px < w && py < h else { continue }
                // Inside the plane: the unchecked conversions give `Int(px)` and `Int(py)`.
                let ix = Truncation.int(px), iy = Truncation.int(py)
                let d = binarizer.threshold(x: ix, y: iy) &- Int(luma[ix, iy])
                let ring = Swift.max(abs(dr), abs(dc))
                let dark = ring != 2 && ring != 4
                let signed = (dark != inverted) ? d : -d
                sum &+= Swift.max(Swift.min(signed, 64), -64)
            }
        }
        return sum
    }

    /// A finder where none was seen: the place two real ones imply.
    private static func placed(_ like: FinderCandidate, x: Float, y: Float, module: Float) -> FinderCandidate {
        FinderCandidate(x: x, y: y, moduleSize: module, count: 0, inverted: like.inverted, used: false)
    }
}
