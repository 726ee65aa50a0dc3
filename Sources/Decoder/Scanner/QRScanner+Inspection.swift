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

extension QRScanner {
    /// Scans one frame and reports every stage: the finder candidates and each attempt to read
    /// a symbol from three of them, with the stage where it stopped.
    ///
    /// Allocates its report; for diagnostics (`qrbench --inspect`), not for the per-frame path.
    ///
    /// - Parameters:
    ///   - luma: The frame's luma plane, borrowed for the call.
    ///   - stride: Bytes from one row to the next.
    /// - Returns: The finders and attempts, in the order the scanner made them.
    /// - Throws: ``QRScanError`` when the buffer does not fit the scanner's geometry.
    public func inspect(_ luma: UnsafeBufferPointer<UInt8>, stride: Int) throws(QRScanError) -> ScanInspection {
        let plane = try plane(luma, stride: stride)
        let recorder = ScanTrace()
        trace = recorder
        defer { trace = nil }
        let decoder = QRGridDecoder()
        locate(plane) { grid in
            let result = decoder.decodeResult(
                modules: UnsafeBufferPointer(start: grid.modules, count: grid.size * grid.size),
                side: grid.size,
                erasureSlack: grid.erasureSlack
            )
            switch result {
            case .success:
                recorder.resolve(.decoded)
                return true
            case .failure(let error):
                recorder.resolve(.decode(error))
                return false
            }
        }
        let finders = (0..<candidateCount).map { i in
            let c = candidate(i)
            return ScanInspection.Finder(
                centre: ImagePoint(x: Double(c.x), y: Double(c.y)),
                moduleSize: Double(c.moduleSize),
                rows: Int(c.count),
                inverted: c.inverted
            )
        }
        return ScanInspection(
            finders: finders,
            triples: candidateCount >= 3 ? tripleCount : 0,
            attempts: recorder.attempts
        )
    }
}
