/// A least-squares fit of the image-to-module homography from what a symbol shows: points on
/// module-space lines (a finder ring lies on known rows and columns) and points whose module
/// coordinates are known (finder and alignment pattern centres).
///
/// Each observation is one linear equation in the eight free entries of the image-to-module
/// homography (the ninth fixed at 1), accumulated into 8 x 8 normal equations in a buffer the
/// owner allocates once. Coordinates are shifted and scaled around a reference point first, so
/// the equations are well conditioned.
struct HomographyFit {
    /// The augmented normal equations, 8 rows of 9.
    let storage: UnsafeMutablePointer<Double>
    /// Equations added since ``reset(x:y:module:size:)``.
    private(set) var count = 0
    private var originX = 0.0, originY = 0.0, pixelScale = 1.0
    private var moduleCentre = 0.0, moduleScale = 1.0

    /// Doubles ``storage`` must hold.
    static let storageCount = 72

    /// A fit working in `storage` (``storageCount`` doubles, owned by the caller).
    init(storage: UnsafeMutablePointer<Double>) {
        self.storage = storage
    }

    /// Starts a fit for a symbol of `size` modules seen around image point `x`, `y`, with
    /// modules of roughly `module` pixels.
    mutating func reset(x: Double, y: Double, module: Double, size: Int) {
        storage.update(repeating: 0, count: Self.storageCount)
        count = 0
        originX = x
        originY = y
        pixelScale = 1 / Swift.max(module * Double(size) / 2, 1)
        moduleCentre = Double(size) / 2
        moduleScale = 2 / Double(size)
    }

    @inline(__always)
    private mutating func add(_ a: SIMD8<Double>, _ b: Double, weight: Double) {
        for i in 0..<8 {
            let wai = a[i] * weight
            guard wai != 0 else { continue }
            let row = storage + i * 9
            for j in 0..<8 { row[j] += wai * a[j] }
            row[8] += wai * b
        }
        count += 1
    }

    /// Image point `x`, `y` lies on module column `column` (a vertical line of module space).
    mutating func addColumn(x: Double, y: Double, column: Double, weight: Double = 1) {
        let px = (x - originX) * pixelScale, py = (y - originY) * pixelScale
        let c = (column - moduleCentre) * moduleScale
        // g11 x + g12 y + g13 - c (g31 x + g32 y) = c, unknowns g11 g12 g13 g21 g22 g23 g31 g32.
        add(SIMD8(px, py, 1, 0, 0, 0, -c * px, -c * py), c, weight: weight)
    }

    /// Image point `x`, `y` lies on module row `row` (a horizontal line of module space).
    mutating func addRow(x: Double, y: Double, row: Double, weight: Double = 1) {
        let px = (x - originX) * pixelScale, py = (y - originY) * pixelScale
        let r = (row - moduleCentre) * moduleScale
        add(SIMD8(0, 0, 0, px, py, 1, -r * px, -r * py), r, weight: weight)
    }

    /// Image point `x`, `y` is module point `column`, `row`.
    mutating func addPoint(x: Double, y: Double, column: Double, row: Double, weight: Double = 1) {
        addColumn(x: x, y: y, column: column, weight: weight)
        addRow(x: x, y: y, row: row, weight: weight)
    }

    /// The z component of (b - a) x (c - b).
    private static func cross(_ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double)) -> Double {
        (b.0 - a.0) * (c.1 - b.1) - (b.1 - a.1) * (c.0 - b.0)
    }

    /// Solves the equations and returns the module-to-image transform for a symbol of `size`
    /// modules; `nil` when they do not determine it. Consumes the equations.
    mutating func solve(size: Int) -> PerspectiveTransform? {
        guard count >= 8 else { return nil }
        let m = storage
        // Gaussian elimination with partial pivoting.
        for k in 0..<8 {
            var pivot = k
            for i in (k + 1)..<8 where abs(m[i * 9 + k]) > abs(m[pivot * 9 + k]) { pivot = i }
            guard abs(m[pivot * 9 + k]) > 1e-12 else { return nil }
            if pivot != k {
                for j in 0..<9 {
                    let t = m[k * 9 + j]
                    m[k * 9 + j] = m[pivot * 9 + j]
                    m[pivot * 9 + j] = t
                }
            }
            let d = m[k * 9 + k]
            for i in (k + 1)..<8 {
                let f = m[i * 9 + k] / d
                guard f != 0 else { continue }
                for j in k..<9 { m[i * 9 + j] -= f * m[k * 9 + j] }
            }
        }
        var g = SIMD8<Double>()
        for k in stride(from: 7, through: 0, by: -1) {
            var s = m[k * 9 + 8]
            for j in (k + 1)..<8 { s -= m[k * 9 + j] * g[j] }
            g[k] = s / m[k * 9 + k]
        }
        // Image (normalised) to module (normalised): [g0 g1 g2; g3 g4 g5; g6 g7 1]. Its inverse
        // (the adjugate; the scale does not matter) maps module points to image points.
        let a = (g[0], g[1], g[2]), b = (g[3], g[4], g[5]), c = (g[6], g[7], 1.0)
        let i00 = b.1 * c.2 - b.2 * c.1, i01 = a.2 * c.1 - a.1 * c.2, i02 = a.1 * b.2 - a.2 * b.1
        let i10 = b.2 * c.0 - b.0 * c.2, i11 = a.0 * c.2 - a.2 * c.0, i12 = a.2 * b.0 - a.0 * b.2
        let i20 = b.0 * c.1 - b.1 * c.0, i21 = a.1 * c.0 - a.0 * c.1, i22 = a.0 * b.1 - a.1 * b.0
        let s = Double(size)
        func image(_ u: Double, _ v: Double) -> (Double, Double)? {
            let nu = (u - moduleCentre) * moduleScale, nv = (v - moduleCentre) * moduleScale
            let w = i20 * nu + i21 * nv + i22
            guard abs(w) > 1e-12 else { return nil }
            let x = (i00 * nu + i01 * nv + i02) / w, y = (i10 * nu + i11 * nv + i12) / w
            return (x / pixelScale + originX, y / pixelScale + originY)
        }
        guard let p0 = image(0, 0), let p1 = image(s, 0), let p2 = image(s, s), let p3 = image(0, s) else {
            return nil
        }
        // The quadrilateral convex and in the same turn as module space, as a plane seen from
        // its front is.
        let turns = (
            Self.cross(p0, p1, p2), Self.cross(p1, p2, p3), Self.cross(p2, p3, p0), Self.cross(p3, p0, p1)
        )
        guard turns.0 > 0 && turns.1 > 0 && turns.2 > 0 && turns.3 > 0 else { return nil }
        return PerspectiveTransform(from: (0, 0), (s, 0), (s, s), (0, s), to: p0, p1, p2, p3)
    }
}
