/// A square grid of QR modules, dark or light, without a quiet zone.
///
/// What the encoder produces and the grid decoder reads: row-major, `true` for dark.
public struct QRMatrix: Hashable, Sendable {
    /// Modules per side.
    public let size: Int
    /// The modules, row by row; `size * size` of them.
    public private(set) var modules: [Bool]

    /// Creates an all-light grid.
    ///
    /// - Parameter size: Modules per side; must be positive.
    public init(size: Int) {
        precondition(size > 0, "a QR matrix needs at least one module")
        self.size = size
        modules = [Bool](repeating: false, count: size * size)
    }

    /// Creates a grid from rows of modules.
    ///
    /// - Parameter rows: Equal-length rows, as many as each row is long.
    /// - Returns: `nil` when the rows do not form a non-empty square.
    public init?(rows: [[Bool]]) {
        guard !rows.isEmpty, rows.allSatisfy({ $0.count == rows.count }) else { return nil }
        size = rows.count
        modules = rows.flatMap { $0 }
    }

    /// The module in `row`, `column` (both from 0 at the top left).
    public subscript(row: Int, column: Int) -> Bool {
        get { modules[row * size + column] }
        set { modules[row * size + column] = newValue }
    }

    /// The matrix mirrored about its main diagonal (rows become columns).
    ///
    /// A symbol seen from behind, through glass or in a mirror, reads as this transpose.
    public var transposed: QRMatrix {
        var result = QRMatrix(size: size)
        for row in 0..<size {
            for column in 0..<size { result[column, row] = self[row, column] }
        }
        return result
    }
}
