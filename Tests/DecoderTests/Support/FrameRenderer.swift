import Foundation
import TestSupport

@testable import Decoder

/// One symbol placed in a synthetic camera frame.
struct Placement {
    var matrix: QRMatrix
    var centerX: Double
    var centerY: Double
    /// Module side in pixels before tilt.
    var modulePixels: Double
    var rotationDegrees: Double = 0
    /// Rotation of the code's plane away from the camera, about an in-plane axis.
    var tiltDegrees: Double = 0
    var tiltAxisDegrees: Double = 0
    var inverted = false
    var mirrored = false
    var dark: Double = 40
    var light: Double = 210

    /// Module space (quiet zone included, -4...size+4) to image, by a 3-D rotation and a pinhole projection.
    var transform: PerspectiveTransform {
        let s = Double(matrix.size)
        let half = s / 2 + 4
        let focal = 2.5 * half * 2 * modulePixels
        let theta = rotationDegrees * .pi / 180
        let phi = tiltAxisDegrees * .pi / 180
        let tau = tiltDegrees * .pi / 180
        func project(_ u: Double, _ v: Double) -> (Double, Double) {
            var x = (u - s / 2) * modulePixels
            var y = (v - s / 2) * modulePixels
            (x, y) = (x * cos(theta) - y * sin(theta), x * sin(theta) + y * cos(theta))
            // Rodrigues rotation about the axis (cos phi, sin phi, 0).
            let (ax, ay) = (cos(phi), sin(phi))
            let along = x * ax + y * ay
            let (px, py) = (x - along * ax, y - along * ay)  // perpendicular part, in the plane
            let c = cos(tau), sn = sin(tau)
            let rx = along * ax + px * c
            let ry = along * ay + py * c
            // The perpendicular part leaves the plane: z = |perp| * sin, signed by side.
            let z = (px * (-ay) + py * ax) * sn
            let scale = focal / (focal + z)
            return (centerX + rx * scale, centerY + ry * scale)
        }
        return PerspectiveTransform(
            from: (-4, -4),
            (s + 4, -4),
            (s + 4, s + 4),
            (-4, s + 4),
            to: project(-4, -4),
            project(s + 4, -4),
            project(s + 4, s + 4),
            project(-4, s + 4)
        )!
    }
}

/// Renders synthetic grey frames: a background, placed symbols (anti-aliased, 4x4 samples per
/// pixel), then optional Gaussian blur and seeded noise.
struct FrameRenderer {
    var width: Int
    var height: Int
    var pixels: [Double]

    init(width: Int, height: Int, background: Double = 150) {
        self.width = width
        self.height = height
        pixels = [Double](repeating: background, count: width * height)
    }

    /// A left-to-right light gradient from `left` to `right` grey.
    mutating func gradient(left: Double, right: Double) {
        for y in 0..<height {
            for x in 0..<width {
                pixels[y * width + x] = left + (right - left) * Double(x) / Double(width - 1)
            }
        }
    }

    mutating func place(_ placement: Placement) {
        let forward = placement.transform
        let s = Double(placement.matrix.size)
        let inverse = PerspectiveTransform(
            from: forward.map(-4, -4),
            forward.map(s + 4, -4),
            forward.map(s + 4, s + 4),
            forward.map(-4, s + 4),
            to: (-4, -4),
            (s + 4, -4),
            (s + 4, s + 4),
            (-4, s + 4)
        )!
        let corners = [forward.map(-4, -4), forward.map(s + 4, -4), forward.map(s + 4, s + 4), forward.map(-4, s + 4)]
        let minX = max(0, Int(corners.map(\.x).min()!) - 1)
        let maxX = min(width - 1, Int(corners.map(\.x).max()!) + 1)
        let minY = max(0, Int(corners.map(\.y).min()!) - 1)
        let maxY = min(height - 1, Int(corners.map(\.y).max()!) + 1)
        guard minX <= maxX && minY <= maxY else { return }
        let size = placement.matrix.size
        for y in minY...maxY {
            for x in minX...maxX {
                var sum = 0.0
                var inside = 0
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        let m = inverse.map(Double(x) + (Double(sx) + 0.5) / 4, Double(y) + (Double(sy) + 0.5) / 4)
                        guard m.x >= -4 && m.y >= -4 && m.x < s + 4 && m.y < s + 4 else { continue }
                        inside += 1
                        var column = Int((m.x + 4).rounded(.down)) - 4
                        var row = Int((m.y + 4).rounded(.down)) - 4
                        if placement.mirrored { (column, row) = (row, column) }
                        var isDark = false
                        if row >= 0 && column >= 0 && row < size && column < size {
                            isDark = placement.matrix[row, column]
                        }
                        if placement.inverted { isDark.toggle() }
                        sum += isDark ? placement.dark : placement.light
                    }
                }
                if inside > 0 {
                    let index = y * width + x
                    pixels[index] = (pixels[index] * Double(16 - inside) + sum) / 16
                }
            }
        }
    }

    /// Separable Gaussian blur.
    mutating func blur(sigma: Double) {
        let radius = Int((sigma * 3).rounded(.up))
        var kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        var temporary = pixels
        for y in 0..<height {
            for x in 0..<width {
                var sum = 0.0
                for k in -radius...radius {
                    sum += kernel[k + radius] * pixels[y * width + min(max(x + k, 0), width - 1)]
                }
                temporary[y * width + x] = sum
            }
        }
        for y in 0..<height {
            for x in 0..<width {
                var sum = 0.0
                for k in -radius...radius {
                    sum += kernel[k + radius] * temporary[min(max(y + k, 0), height - 1) * width + x]
                }
                pixels[y * width + x] = sum
            }
        }
    }

    /// Adds a specular highlight: `peak` grey levels at the centre, falling off as a Gaussian
    /// with `sigma` pixels. Added on top of the scene, so with a large peak it clips to white
    /// (``luma`` clamps at 255) whatever lies under it, as a camera's sensor does.
    mutating func glare(x: Double, y: Double, sigma: Double, peak: Double) {
        let reach = Int((sigma * 4).rounded(.up))
        for py in max(0, Int(y) - reach)...min(height - 1, Int(y) + reach) {
            for px in max(0, Int(x) - reach)...min(width - 1, Int(x) + reach) {
                let dx = Double(px) + 0.5 - x, dy = Double(py) + 0.5 - y
                pixels[py * width + px] += peak * exp(-(dx * dx + dy * dy) / (2 * sigma * sigma))
            }
        }
    }

    /// Adds uniform noise of +-`amplitude` grey levels.
    mutating func noise(amplitude: Double, random: inout SeededRandom) {
        for i in pixels.indices { pixels[i] += Double.random(in: -amplitude...amplitude, using: &random) }
    }

    /// The frame as 8-bit luma.
    var luma: [UInt8] { pixels.map { UInt8(min(max($0.rounded(), 0), 255)) } }
}

/// A symbol-shaped matrix: the function patterns of `version` and seeded random data modules.
func randomSymbolMatrix(version: Int, random: inout SeededRandom) -> QRMatrix {
    let layout = QRLayout.of(QRVersion(rawValue: version)!)
    var matrix = layout.functionPattern
    for row in 0..<layout.size {
        for column in 0..<layout.size where !layout.isFunction[row * layout.size + column] {
            matrix[row, column] = Bool.random(using: &random)
        }
    }
    return matrix
}
