@testable import Decoder

/// A grid the scanner sampled, copied out for comparison.
struct ProbedGrid {
    var size: Int
    var modules: [UInt8]
    var inverted: Bool

    /// Whether the grid reads exactly `matrix` (no unsure module), or its transpose when `transposed`.
    func equals(_ matrix: QRMatrix, transposed: Bool = false) -> Bool {
        guard size == matrix.size else { return false }
        for row in 0..<size {
            for column in 0..<size {
                let dark = transposed ? matrix[column, row] : matrix[row, column]
                if modules[row * size + column] != (dark ? 1 : 0) { return false }
            }
        }
        return true
    }

    /// The differing modules as (row, column, sampled value), for failure messages.
    func differences(_ matrix: QRMatrix) -> [(Int, Int, UInt8)] {
        guard size == matrix.size else { return [] }
        var result: [(Int, Int, UInt8)] = []
        for row in 0..<size {
            for column in 0..<size where modules[row * size + column] != (matrix[row, column] ? 1 : 0) {
                result.append((row, column, modules[row * size + column]))
            }
        }
        return result
    }

    /// Modules that differ from `matrix` (unsure ones count).
    func mismatches(_ matrix: QRMatrix, transposed: Bool = false) -> Int {
        guard size == matrix.size else { return Int.max }
        var count = 0
        for row in 0..<size {
            for column in 0..<size {
                let dark = transposed ? matrix[column, row] : matrix[row, column]
                if modules[row * size + column] != (dark ? 1 : 0) { count += 1 }
            }
        }
        return count
    }
}

/// Every grid the scanner samples from a frame (the stages before the grid decoder).
func probeGrids(_ luma: [UInt8], width: Int, height: Int, maximumVersion: Int = 40) throws -> [ProbedGrid] {
    let scanner = try QRScanner(width: width, height: height, maximumVersion: QRVersion(rawValue: maximumVersion)!)
    var grids: [ProbedGrid] = []
    try luma.withUnsafeBufferPointer { buffer in
        let plane = try scanner.plane(buffer, stride: width)
        scanner.locate(plane) { grid in
            grids.append(
                ProbedGrid(
                    size: grid.size,
                    modules: Array(UnsafeBufferPointer(start: grid.modules, count: grid.size * grid.size)),
                    inverted: grid.inverted
                )
            )
            return false
        }
    }
    return grids
}
