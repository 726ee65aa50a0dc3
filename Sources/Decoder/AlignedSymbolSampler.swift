/// Reads the module grid of an upright, axis-aligned QR symbol surrounded by its quiet zone.
///
/// The offline `kioskctl qr decode` path for clean images (what the encoder writes, or a flat
/// scan): the symbol's extent is the bounding box of its dark pixels, the module size comes from
/// the top-left finder pattern, and each module is read at its centre. Camera frames, with any
/// rotation, tilt or lighting, go through the scanner instead.
public enum AlignedSymbolSampler {
    /// Why no grid could be read from an image.
    public enum Failure: Error, Hashable, Sendable {
        /// The image has too little contrast between its darkest and lightest pixels.
        case noContrast
        /// The dark pixels do not form a square symbol whose finder pattern gives a module size.
        case noSymbol

        /// One sentence for a person.
        public var message: String {
            switch self {
            case .noContrast: "the image has no dark-on-light contrast to read a code from"
            case .noSymbol: "no upright QR code with a quiet zone was found in the image"
            }
        }
    }

    /// Samples the grid of the one upright symbol in `image`.
    ///
    /// - Parameter image: A grayscale image with dark modules on a light background.
    /// - Returns: The module grid, ready for the grid decoder.
    /// - Throws: ``Failure`` when the image holds no such symbol.
    public static func sample(_ image: GrayImage) throws(Failure) -> QRMatrix {
        let lowest = Int(image.pixels.min() ?? 0)
        let highest = Int(image.pixels.max() ?? 0)
        guard highest - lowest >= 32 else { throw .noContrast }
        let threshold = UInt8((lowest + highest) / 2)

        var top = image.height
        var bottom = -1
        var left = image.width
        var right = -1
        for y in 0..<image.height {
            for x in 0..<image.width where image[x, y] < threshold {
                top = min(top, y)
                bottom = max(bottom, y)
                left = min(left, x)
                right = max(right, x)
            }
        }
        guard bottom >= 0 else { throw .noSymbol }
        let width = right - left + 1
        let height = bottom - top + 1

        // The top row starts with the finder's seven dark modules.
        var run = 0
        while left + run <= right, image[left + run, top] < threshold { run += 1 }
        let estimatedModule = Double(run) / 7
        guard estimatedModule >= 1 else { throw .noSymbol }
        let estimatedCount = Double(width) / estimatedModule
        let version = Int(((estimatedCount - 17) / 4).rounded())
        guard (1...40).contains(version) else { throw .noSymbol }
        let modules = 17 + 4 * version
        let moduleWidth = Double(width) / Double(modules)
        let moduleHeight = Double(height) / Double(modules)
        guard abs(moduleWidth - moduleHeight) <= 0.1 * moduleWidth, abs(moduleWidth - estimatedModule) <= 0.25 * moduleWidth
        else { throw .noSymbol }

        var matrix = QRMatrix(size: modules)
        for row in 0..<modules {
            let y = top + Int((Double(row) + 0.5) * moduleHeight)
            for column in 0..<modules {
                let x = left + Int((Double(column) + 0.5) * moduleWidth)
                matrix[row, column] = image[x, y] < threshold
            }
        }
        return matrix
    }
}
