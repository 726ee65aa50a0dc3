/// A module grid the scanner sampled from a frame, before the grid decoder saw it.
///
/// What `kioskctl` or a benchmark can show when a code is found but does not decode, as quirc's
/// `inspect` tool does: the location is right when the grid looks like a QR symbol.
public struct SampledSymbolGrid: Hashable, Sendable {
    /// Modules per side.
    public let size: Int
    /// Row-major module values: 0 light, 1 dark, 2 unsure.
    public let modules: [UInt8]
    /// Whether the symbol was light on dark (its modules are given as if it were not).
    public let inverted: Bool
    /// The symbol's corners in image coordinates: top-left, top-right, bottom-right,
    /// bottom-left in the sampled grid's orientation.
    public let corners: [ImagePoint]
}

extension QRScanner {
    /// Every grid the scanner samples from a frame, best candidates first, without decoding.
    ///
    /// Allocates its result; for diagnostics, not for the per-frame path.
    ///
    /// - Parameters:
    ///   - luma: The frame's luma plane, borrowed for the call.
    ///   - stride: Bytes from one row to the next.
    /// - Returns: The grids, up to one per plausible finder triple and version.
    /// - Throws: ``QRScanError`` when the buffer does not fit the scanner's geometry.
    public func sampledGrids(_ luma: UnsafeBufferPointer<UInt8>, stride: Int) throws(QRScanError) -> [SampledSymbolGrid]
    {
        let plane = try plane(luma, stride: stride)
        var grids: [SampledSymbolGrid] = []
        locate(plane) { grid in
            let s = Double(grid.size)
            let corners = [(0.0, 0.0), (s, 0), (s, s), (0, s)].map { corner in
                let p = grid.transform.map(corner.0, corner.1)
                return ImagePoint(x: p.x, y: p.y)
            }
            grids.append(
                SampledSymbolGrid(
                    size: grid.size,
                    modules: Array(UnsafeBufferPointer(start: grid.modules, count: grid.size * grid.size)),
                    inverted: grid.inverted,
                    corners: corners
                )
            )
            return false
        }
        return grids
    }
}
