#if arch(x86_64)
internal import _Builtin_intrinsics.intel
#endif

/// A borrowed 8-bit luma plane: the camera's buffer, read in place and never copied.
///
/// Valid only during the scan it is passed to; the scanner keeps no pointer past that.
struct LumaPlane {
    /// The first byte of the top row.
    let base: UnsafePointer<UInt8>
    /// Pixels per row.
    let width: Int
    /// Rows.
    let height: Int
    /// Bytes from one row to the next (at least `width`).
    let stride: Int

    /// The pixel at `x`, `y`; the caller keeps both inside the plane.
    @inline(__always)
    subscript(x: Int, y: Int) -> UInt8 { base[y &* stride &+ x] }

    /// The luma at a continuous point by bilinear interpolation, pixel centres at half-integers.
    ///
    /// Points outside the plane read the nearest edge pixel (a NaN reads the top-left one). The
    /// clamped coordinates are converted without `Int(_:)`'s checks and the weights combined in
    /// wrapping arithmetic, which cannot overflow here: this runs for every sample of every
    /// grid and alignment template. On x86 the two coordinates go through one vector: shifted,
    /// clamped (`maxps` gives its second operand, 0, for a NaN), truncated and weighted
    /// together, the same IEEE operations lane by lane as the scalar path.
    @inline(__always)
    func interpolated(x: Float, y: Float) -> Int {
        #if arch(x86_64)
        let point = _mm_setr_ps(x, y, 0, 0)
        let limits = _mm_setr_ps(Float(width &- 1), Float(height &- 1), 0, 0)
        let clamped = _mm_min_ps(_mm_max_ps(_mm_sub_ps(point, _mm_set1_ps(0.5)), _mm_setzero_ps()), limits)
        let whole = _mm_cvttps_epi32(clamped)
        let weights = _mm_cvttps_epi32(_mm_mul_ps(_mm_sub_ps(clamped, _mm_cvtepi32_ps(whole)), _mm_set1_ps(256)))
        let corner = unsafeBitCast(whole, to: SIMD4<Int32>.self)
        let weight = unsafeBitCast(weights, to: SIMD4<Int32>.self)
        let x0 = Int(corner[0]), y0 = Int(corner[1])
        let ax = Int(weight[0]), ay = Int(weight[1])
        #else
        let fx = x - 0.5
        let fy = y - 0.5
        let maxX = Float(width &- 1)
        let maxY = Float(height &- 1)
        // `a > 0 ? a : 0` rather than `max(a, 0)`: the same for numbers, 0 for a NaN.
        let lx = fx > 0 ? fx : 0
        let ly = fy > 0 ? fy : 0
        let cx = lx < maxX ? lx : maxX
        let cy = ly < maxY ? ly : maxY
        let x0 = Truncation.int(cx)
        let y0 = Truncation.int(cy)
        let ax = Truncation.int((cx - Float(x0)) * 256)
        let ay = Truncation.int((cy - Float(y0)) * 256)
        #endif
        let x1 = Swift.min(x0 &+ 1, width &- 1)
        let y1 = Swift.min(y0 &+ 1, height &- 1)
        let top = Int(self[x0, y0]) &* (256 &- ax) &+ Int(self[x1, y0]) &* ax
        let bottom = Int(self[x0, y1]) &* (256 &- ax) &+ Int(self[x1, y1]) &* ax
        return (top &* (256 &- ay) &+ bottom &* ay) &>> 16
    }
}
