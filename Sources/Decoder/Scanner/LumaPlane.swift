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
    /// clamped coordinates are converted without `Int(_:)`'s checks (``Truncation``) and the
    /// weights combined in wrapping arithmetic, which cannot overflow here: this runs for every
    /// sample of every grid and alignment template.
    @inline(__always)
    func interpolated(x: Float, y: Float) -> Int {
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
        let x1 = Swift.min(x0 &+ 1, width &- 1)
        let y1 = Swift.min(y0 &+ 1, height &- 1)
        let ax = Truncation.int((cx - Float(x0)) * 256)
        let ay = Truncation.int((cy - Float(y0)) * 256)
        let top = Int(self[x0, y0]) &* (256 &- ax) &+ Int(self[x1, y0]) &* ax
        let bottom = Int(self[x0, y1]) &* (256 &- ax) &+ Int(self[x1, y1]) &* ax
        return (top &* (256 &- ay) &+ bottom &* ay) &>> 16
    }
}
