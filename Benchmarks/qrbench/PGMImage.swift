import Glibc

/// An 8-bit binary PGM (P5) image read whole from a file.
struct PGMImage {
    let width: Int
    let height: Int
    let pixels: [UInt8]

    /// Why a file could not be read as an 8-bit PGM.
    enum ReadError: Error, CustomStringConvertible {
        case unreadable(path: String)
        case notPGM(path: String, reason: String)

        var description: String {
            switch self {
            case .unreadable(let path): "\(path): cannot be read"
            case .notPGM(let path, let reason): "\(path): not an 8-bit binary PGM (\(reason))"
            }
        }
    }

    init(path: String) throws(ReadError) {
        guard let file = fopen(path, "rb") else { throw .unreadable(path: path) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        var fields: [Int] = []
        var position = 0
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "5") else {
            throw .notPGM(path: path, reason: "no P5 magic")
        }
        position = 2
        while fields.count < 3 {
            while position < bytes.count, bytes[position] == 32 || (9...13).contains(bytes[position]) { position += 1 }
            if position < bytes.count, bytes[position] == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != 10 && bytes[position] != 13 { position += 1 }
                continue
            }
            var value = 0
            var digits = 0
            while position < bytes.count, (48...57).contains(bytes[position]), digits < 9 {
                value = value * 10 + Int(bytes[position] - 48)
                position += 1
                digits += 1
            }
            guard digits > 0 else { throw .notPGM(path: path, reason: "bad header") }
            fields.append(value)
        }
        guard fields[2] == 255 else { throw .notPGM(path: path, reason: "maxval \(fields[2])") }
        position += 1
        let count = fields[0] * fields[1]
        guard bytes.count - position >= count else { throw .notPGM(path: path, reason: "truncated") }
        width = fields[0]
        height = fields[1]
        pixels = Array(bytes[position..<(position + count)])
    }
}
