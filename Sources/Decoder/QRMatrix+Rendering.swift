extension QRMatrix {
    /// The widest image, in pixels, the renderers produce; larger requests are refused.
    public static let largestImageSide = 16_384

    /// Renders the matrix as a greyscale image: dark modules 0, light modules and quiet zone 255.
    ///
    /// - Parameters:
    ///   - moduleSize: Pixels per module side, at least 1.
    ///   - quietZone: Light modules around the symbol; the standard asks for 4.
    /// - Returns: A square image of `(size + 2 * quietZone) * moduleSize` pixels per side.
    /// - Throws: ``QREncodeError/invalidModuleSize(_:)``, ``QREncodeError/invalidQuietZone(_:)``
    ///   or ``QREncodeError/imageTooLarge(side:)``.
    public func luma(moduleSize: Int = 4, quietZone: Int = 4) throws(QREncodeError) -> LumaImage {
        let side = try imageSide(moduleSize: moduleSize, quietZone: quietZone)
        var image = LumaImage(width: side, height: side, filledWith: 255)
        let offset = quietZone * moduleSize
        image.pixels.withUnsafeMutableBufferPointer { pixels in
            for row in 0..<size {
                for column in 0..<size where self[row, column] {
                    let top = offset + row * moduleSize
                    let left = offset + column * moduleSize
                    for y in top..<(top + moduleSize) {
                        for x in left..<(left + moduleSize) { pixels[y * side + x] = 0 }
                    }
                }
            }
        }
        return image
    }

    /// Renders the matrix as a binary PGM file (`P5`, maximum 255, dark 0, light 255).
    ///
    /// - Parameters:
    ///   - moduleSize: Pixels per module side, at least 1.
    ///   - quietZone: Light modules around the symbol; the standard asks for 4.
    /// - Returns: The file's bytes: header `P5\n<w> <h>\n255\n`, then the pixels row by row.
    /// - Throws: As ``luma(moduleSize:quietZone:)``.
    public func pgm(moduleSize: Int = 4, quietZone: Int = 4) throws(QREncodeError) -> [UInt8] {
        try luma(moduleSize: moduleSize, quietZone: quietZone).pgm
    }

    /// Renders the matrix as an SVG document: a light square and one path of dark modules.
    ///
    /// The view box counts modules (quiet zone included), so the drawing scales without
    /// blurring; `width` and `height` give the printed size in CSS pixels.
    ///
    /// - Parameters:
    ///   - moduleSize: CSS pixels per module, at least 1.
    ///   - quietZone: Light modules around the symbol; the standard asks for 4.
    /// - Returns: The SVG document, ending with a newline.
    /// - Throws: As ``luma(moduleSize:quietZone:)``.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4) throws(QREncodeError) -> String {
        let side = try imageSide(moduleSize: moduleSize, quietZone: quietZone)
        let modules = size + 2 * quietZone
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard self[row, column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < size && self[row, column] { column += 1 }
                path += "M\(start + quietZone) \(row + quietZone)h\(column - start)v1h-\(column - start)z"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" \
            viewBox="0 0 \(modules) \(modules)" shape-rendering="crispEdges">\
            <rect width="\(modules)" height="\(modules)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>

            """
    }

    private func imageSide(moduleSize: Int, quietZone: Int) throws(QREncodeError) -> Int {
        guard moduleSize >= 1 else { throw .invalidModuleSize(moduleSize) }
        guard quietZone >= 0 else { throw .invalidQuietZone(quietZone) }
        let limit = QRMatrix.largestImageSide
        guard quietZone <= limit, moduleSize <= limit else { throw .imageTooLarge(side: Int.max) }
        let side = (size + 2 * quietZone) * moduleSize
        guard side <= limit else { throw .imageTooLarge(side: side) }
        return side
    }
}
