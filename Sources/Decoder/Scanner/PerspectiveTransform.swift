/// A point in image coordinates: x to the right, y down, pixel centres at half-integers.
public struct ImagePoint: Hashable, Sendable {
    /// Horizontal position in pixels.
    public var x: Double
    /// Vertical position in pixels.
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A plane projective transform (homography), from module space to image space.
///
/// Built from four point pairs the way ZXing's `PerspectiveTransform` does: unit square to each
/// quadrilateral, then one composed with the other's inverse.
struct PerspectiveTransform {
    var a11, a12, a13, a21, a22, a23, a31, a32, a33: Double

    /// The transform that maps the four `from` points onto the four `to` points.
    ///
    /// - Returns: `nil` when the points are degenerate (three on a line).
    init?(
        from p0: (Double, Double),
        _ p1: (Double, Double),
        _ p2: (Double, Double),
        _ p3: (Double, Double),
        to q0: (Double, Double),
        _ q1: (Double, Double),
        _ q2: (Double, Double),
        _ q3: (Double, Double)
    ) {
        guard let quadToSquare = PerspectiveTransform.squareToQuadrilateral(p0, p1, p2, p3)?.adjoint,
            let squareToQuad = PerspectiveTransform.squareToQuadrilateral(q0, q1, q2, q3)
        else { return nil }
        self = squareToQuad.times(quadToSquare)
    }

    private init(
        _ a11: Double,
        _ a21: Double,
        _ a31: Double,
        _ a12: Double,
        _ a22: Double,
        _ a32: Double,
        _ a13: Double,
        _ a23: Double,
        _ a33: Double
    ) {
        self.a11 = a11
        self.a12 = a12
        self.a13 = a13
        self.a21 = a21
        self.a22 = a22
        self.a23 = a23
        self.a31 = a31
        self.a32 = a32
        self.a33 = a33
    }

    /// Maps the unit square's corners (0,0), (1,0), (1,1), (0,1) to the four points given.
    private static func squareToQuadrilateral(
        _ p0: (Double, Double),
        _ p1: (Double, Double),
        _ p2: (Double, Double),
        _ p3: (Double, Double)
    ) -> PerspectiveTransform? {
        let (x0, y0) = p0
        let (x1, y1) = p1
        let (x2, y2) = p2
        let (x3, y3) = p3
        let dx3 = x0 - x1 + x2 - x3
        let dy3 = y0 - y1 + y2 - y3
        if dx3 == 0 && dy3 == 0 {
            return PerspectiveTransform(x1 - x0, x2 - x1, x0, y1 - y0, y2 - y1, y0, 0, 0, 1)
        }
        let dx1 = x1 - x2
        let dx2 = x3 - x2
        let dy1 = y1 - y2
        let dy2 = y3 - y2
        let denominator = dx1 * dy2 - dx2 * dy1
        guard abs(denominator) > 1e-12 else { return nil }
        let a13 = (dx3 * dy2 - dx2 * dy3) / denominator
        let a23 = (dx1 * dy3 - dx3 * dy1) / denominator
        return PerspectiveTransform(
            x1 - x0 + a13 * x1,
            x3 - x0 + a23 * x3,
            x0,
            y1 - y0 + a13 * y1,
            y3 - y0 + a23 * y3,
            y0,
            a13,
            a23,
            1
        )
    }

    private var adjoint: PerspectiveTransform {
        PerspectiveTransform(
            a22 * a33 - a23 * a32,
            a23 * a31 - a21 * a33,
            a21 * a32 - a22 * a31,
            a13 * a32 - a12 * a33,
            a11 * a33 - a13 * a31,
            a12 * a31 - a11 * a32,
            a12 * a23 - a13 * a22,
            a13 * a21 - a11 * a23,
            a11 * a22 - a12 * a21
        )
    }

    private func times(_ o: PerspectiveTransform) -> PerspectiveTransform {
        PerspectiveTransform(
            a11 * o.a11 + a21 * o.a12 + a31 * o.a13,
            a11 * o.a21 + a21 * o.a22 + a31 * o.a23,
            a11 * o.a31 + a21 * o.a32 + a31 * o.a33,
            a12 * o.a11 + a22 * o.a12 + a32 * o.a13,
            a12 * o.a21 + a22 * o.a22 + a32 * o.a23,
            a12 * o.a31 + a22 * o.a32 + a32 * o.a33,
            a13 * o.a11 + a23 * o.a12 + a33 * o.a13,
            a13 * o.a21 + a23 * o.a22 + a33 * o.a23,
            a13 * o.a31 + a23 * o.a32 + a33 * o.a33
        )
    }

    /// The transform that maps every point to itself.
    static let identity = PerspectiveTransform(1, 0, 0, 0, 1, 0, 0, 0, 1)

    /// Maps a point of module space (x = column, y = row) into the image.
    @inline(__always)
    func map(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        let d = a13 * x + a23 * y + a33
        return ((a11 * x + a21 * y + a31) / d, (a12 * x + a22 * y + a32) / d)
    }
}
