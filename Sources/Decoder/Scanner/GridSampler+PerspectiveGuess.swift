extension GridSampler {
    /// The transform for a symbol of `size` modules with its fourth corner where perspective
    /// puts it, judged from the three finders' module sizes.
    ///
    /// A homography maps module space (u, v) to image points (X / W, Y / W) with X, Y and W
    /// affine in (u, v). The three finder centres and the missing fourth (the corner a finder
    /// would have) form a parallelogram in module space, so X, Y and W at the fourth are those
    /// at the two beside it minus that at the one across: in image space that is the
    /// parallelogram rule weighted by W. The module size near a point shrinks as W grows (as
    /// 1 / W^2 along a line: x(s) = a s / (1 + b s) has x'(s) = a / (1 + b s)^2), so W is
    /// taken as one over the square root of each finder's module size. Without perspective
    /// the sizes agree and this is ``affineTransform(_:_:_:size:)``'s parallelogram; under a
    /// steep tilt (a finder's modules half the size of another's) the parallelogram puts the
    /// fourth corner several modules off, outside the alignment pattern search.
    ///
    /// - Returns: The transform; the parallelogram's when the sizes imply a fourth corner
    ///   behind the camera or at infinity (sizes no perspective produces); `nil` when the
    ///   points are degenerate.
    static func perspectiveGuess(
        _ tl: FinderCandidate,
        _ tr: FinderCandidate,
        _ bl: FinderCandidate,
        size: Int
    ) -> PerspectiveTransform? {
        let wtl = 1 / Double(tl.moduleSize).squareRoot()
        let wtr = 1 / Double(tr.moduleSize).squareRoot()
        let wbl = 1 / Double(bl.moduleSize).squareRoot()
        let wbr = wtr + wbl - wtl
        guard wbr > 0.5 * Swift.min(wtl, wtr, wbl), wtl.isFinite, wtr.isFinite, wbl.isFinite else {
            return affineTransform(tl, tr, bl, size: size)
        }
        let brx = (Double(tr.x) * wtr + Double(bl.x) * wbl - Double(tl.x) * wtl) / wbr
        let bry = (Double(tr.y) * wtr + Double(bl.y) * wbl - Double(tl.y) * wtl) / wbr
        let s = Double(size)
        return PerspectiveTransform(
            from: (3.5, 3.5),
            (s - 3.5, 3.5),
            (s - 3.5, s - 3.5),
            (3.5, s - 3.5),
            to: (Double(tl.x), Double(tl.y)),
            (Double(tr.x), Double(tr.y)),
            (brx, bry),
            (Double(bl.x), Double(bl.y))
        )
    }
}
