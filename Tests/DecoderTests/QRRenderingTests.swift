import Testing

@testable import Decoder

@Suite struct QRRenderingTests {
    private let code = try! QREncoder(level: .low, version: QRVersion(rawValue: 1)!, mask: QRMask(rawValue: 0)!)
        .encode("KIOSKD")

    @Test func pgmHasItsHeaderAndOneBytePerPixel() throws {
        let pgm = try code.matrix.pgm(moduleSize: 3, quietZone: 4)
        let header = Array("P5\n87 87\n255\n".utf8)
        #expect(Array(pgm.prefix(header.count)) == header)
        #expect(pgm.count == header.count + 87 * 87)
        let pixels = Array(pgm.dropFirst(header.count))
        #expect(Set(pixels) == [0, 255])
        #expect(pixels[0] == 255)  // quiet zone
        #expect(pixels[12 * 87 + 12] == 0)  // module (0, 0): finder corner, dark
        #expect(pixels[15 * 87 + 15] == 255)  // module (1, 1): the finder's light ring
    }

    @Test func lumaImageMatchesTheMatrix() throws {
        let image = try code.matrix.luma(moduleSize: 2, quietZone: 1)
        #expect(image.width == 46 && image.height == 46)
        for row in 0..<21 {
            for column in 0..<21 {
                let expected: UInt8 = code.matrix[row, column] ? 0 : 255
                #expect(image[2 + 2 * column + 1, 2 + 2 * row + 1] == expected)
            }
        }
        #expect(LumaImage(width: 2, height: 2, pixels: [0, 0, 0]) == nil)
    }

    @Test func svgIsOnePathCoveringTheDarkModules() throws {
        let svg = try code.matrix.svg(moduleSize: 4)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        #expect(svg.contains("width=\"116\" height=\"116\" viewBox=\"0 0 29 29\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.split(separator: "<path").count == 2)
        #expect(svg.contains("d=\"M4 4h7v1h-7z"))  // the top row of the top-left finder
        // The horizontal runs add up to the dark modules.
        let runs = svg.split(separator: "h").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(runs.reduce(0, +) == code.matrix.modules.filter { $0 }.count)
    }

    @Test func badSizesAreRefused() {
        #expect(throws: QREncodeError.invalidModuleSize(0)) { try code.matrix.pgm(moduleSize: 0) }
        #expect(throws: QREncodeError.invalidQuietZone(-1)) { try code.matrix.svg(quietZone: -1) }
        #expect(throws: QREncodeError.imageTooLarge(side: 29 * 1000)) { try code.matrix.luma(moduleSize: 1000) }
    }
}
