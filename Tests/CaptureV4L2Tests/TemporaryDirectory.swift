import Foundation

/// A fresh directory under the system temp dir, removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "capture-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    func removeContents() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            try FileManager.default.removeItem(atPath: path + "/" + name)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A binary PGM with a comment in its header.
func pgm(width: Int, height: Int, maxval: Int = 255, pixels: [UInt8]) -> [UInt8] {
    Array("P5\n# made by the capture tests\n\(width) \(height)\n\(maxval)\n".utf8) + pixels
}

/// A Y4M stream; each frame is luma followed by `chromaBytes` of 0x80.
func y4m(
    width: Int,
    height: Int,
    colour: String?,
    rate: String = "30:1",
    frames: [[UInt8]],
    chromaBytes: Int
) -> [UInt8] {
    var bytes = Array("YUV4MPEG2 W\(width) H\(height) F\(rate) Ip A1:1\(colour.map { " C" + $0 } ?? "")\n".utf8)
    for luma in frames {
        bytes += Array("FRAME\n".utf8) + luma + [UInt8](repeating: 0x80, count: chromaBytes)
    }
    return bytes
}
