import Testing

@testable import Decoder

@Suite struct PGMTests {
    @Test func readsBinaryAndPlainGraymaps() throws {
        let binary = Array("P5\n# made by a test\n3 2\n255\n".utf8) + [0, 128, 255, 1, 2, 3]
        let image = try GrayImage(pgm: binary)
        #expect(image.width == 3 && image.height == 2)
        #expect(image.pixels == [0, 128, 255, 1, 2, 3])
        let plain = try GrayImage(pgm: Array("P2 2 1 15 0 15".utf8))
        #expect(plain.pixels == [0, 255])
        let wide = try GrayImage(pgm: Array("P5 1 1 65535\n".utf8) + [0xFF, 0xFF])
        #expect(wide.pixels == [255])
    }

    @Test(arguments: [
        ("P6 1 1 255\n\u{0}\u{0}\u{0}", PGMFormatError.notAGraymap),
        ("P5 x 1 255\n\u{0}", .malformedHeader(field: "width")),
        ("P5 1 1\n", .malformedHeader(field: "maximum value")),
        ("P5 0 1 255\n", .unsupported("size 0x1 (each side must be 1 to 16384)")),
        ("P5 2 2 255\n\u{0}", .truncated(expected: 4, found: 1)),
        ("", .notAGraymap),
    ])
    func refusesBadFiles(text: String, expected: PGMFormatError) {
        #expect(throws: expected) { try GrayImage(pgm: Array(text.utf8)) }
    }
}
