extension GridSampler {
    /// Reads the grid sampled last again where glare lies on it: modules washed out to the
    /// sensor's ceiling become erasures, and modules in a glare's bright shoulder are judged
    /// against their own neighbourhood instead of the frame's local threshold.
    ///
    /// A specular highlight on a glossy voucher or a phone adds light on top of the scene: dark
    /// and light modules alike clip to the brightest level the camera gives, and around that
    /// core dark modules are lifted far above a threshold averaged over several modules. A
    /// module within a few grey levels of the ceiling is an erasure (clipped, it could be either
    /// colour): Reed-Solomon fills in twice as many erasures as errors. Where the 3 x 3 modules
    /// around a module reach the ceiling, the module is compared with the midpoint of their
    /// darkest and lightest values, and is an erasure too when it sits too close to call.
    /// Modules away from any clipped area keep their first reading.
    ///
    /// - Parameters:
    ///   - size: Modules per side of the grid sampled last.
    ///   - transform: The transform it was sampled through.
    ///   - inverted: Whether the symbol is light on dark.
    /// - Returns: The grid re-read, with an erasure slack; `nil` when nothing in it is clipped
    ///   (the first reading stands).
    func rereadGlare(size: Int, transform: PerspectiveTransform, inverted: Bool) -> SampledGrid? {
        let count = size * size
        var ceiling = 0
        for i in 0..<count { ceiling = Swift.max(ceiling, Int(values[i])) }
        // An exposure that leaves headroom has no clipped glare.
        guard ceiling >= Self.clippedLevel else { return nil }
        let saturated = ceiling - Self.clippedBand
        var clipped = 0
        for i in 0..<count where Int(values[i]) >= saturated { clipped += 1 }
        guard clipped >= 3 else { return nil }
        var changed = 0
        for row in 0..<size {
            let top = Swift.max(0, row - Self.reach), bottom = Swift.min(size - 1, row + Self.reach)
            for column in 0..<size {
                let left = Swift.max(0, column - Self.reach), right = Swift.min(size - 1, column + Self.reach)
                var lo = 255, hi = 0
                for r in top...bottom {
                    let base = r * size
                    for c in left...right {
                        let v = Int(values[base + c])
                        lo = Swift.min(lo, v)
                        hi = Swift.max(hi, v)
                    }
                }
                guard hi >= saturated else { continue }
                let index = row * size + column
                let v = Int(values[index])
                let result: UInt8
                if v >= saturated {
                    // Clipped: a dark module under the glare reads as white as a light one.
                    result = QRGridDecoder.unreliable
                } else if hi - lo < Self.minimumModuleContrast {
                    continue
                } else {
                    let middle = (lo + hi) / 2
                    let margin = Swift.max(3, (hi - lo) / 8)
                    if abs(v - middle) < margin {
                        result = QRGridDecoder.unreliable
                    } else {
                        result = (v < middle) != inverted ? QRGridDecoder.dark : QRGridDecoder.light
                    }
                }
                if modules[index] != result {
                    modules[index] = result
                    changed += 1
                }
            }
        }
        guard changed > 0 else { return nil }
        var grid = SampledGrid(size: size, modules: modules, transform: transform, inverted: inverted)
        grid.erasureSlack = Self.glareErasureSlack
        return grid
    }

    /// The neighbourhood a module is judged against: this many modules to each side.
    static var reach: Int { 1 }

    /// The brightest module must reach this for a grid to have clipped glare on it.
    static var clippedLevel: Int { 228 }

    /// Modules within this of the brightest count as clipped (sensor noise and JPEG ringing
    /// spread a clipped area's values below the ceiling).
    static var clippedBand: Int { 6 }

    /// Under this range among the 3 x 3 modules around a module, none of them shows an edge.
    static var minimumModuleContrast: Int { 24 }

    /// Codewords every block of a glare re-read must leave unused: with many erasures a block
    /// is nearly determined by what is left, and this keeps a margin that a wrong reading
    /// (a miscorrection, or noise taken for a symbol) cannot meet by chance.
    static var glareErasureSlack: Int { 4 }
}
