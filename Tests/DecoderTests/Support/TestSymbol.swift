@testable import Decoder

/// A test-only QR writer: bit streams, Reed-Solomon parity, interleaving and placement.
///
/// Built on
/// the shared tables (QRLayout, QRVersion, FormatInformation) so the grid decoder can be tested
/// before and independently of the real encoder. Deliberately simple, not optimal.
enum TestSymbol {
    /// A segment to write: mode indicator, character count and data bits are produced here.
    enum Part {
        case numeric(String)
        case alphanumeric(String)
        case bytes([UInt8])
        /// Shift JIS double-byte codes.
        case kanji([UInt16])
        case eci(Int)
        case structuredAppend(index: Int, count: Int, parity: UInt8)
        /// Raw bits (value, width), for malformed streams.
        case raw(Int, Int)
    }

    /// Appends bits most significant first.
    struct BitWriter {
        var bits: [Bool] = []
        mutating func write(_ value: Int, _ width: Int) {
            for shift in stride(from: width - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
    }

    static func countBits(_ mode: Int, _ version: QRVersion) -> Int {
        let sizeClass = version.rawValue <= 9 ? 0 : version.rawValue <= 26 ? 1 : 2
        switch mode {
        case 1: return [10, 12, 14][sizeClass]
        case 2: return [9, 11, 13][sizeClass]
        case 4: return [8, 16, 16][sizeClass]
        default: return [8, 10, 12][sizeClass]
        }
    }

    /// The bits of the parts, without terminator.
    static func streamBits(_ parts: [Part], version: QRVersion) -> [Bool] {
        var writer = BitWriter()
        for part in parts {
            switch part {
            case .numeric(let digits):
                let values = digits.utf8.map { Int($0) - 48 }
                writer.write(1, 4)
                writer.write(values.count, countBits(1, version))
                var index = 0
                while index < values.count {
                    let group = values[index..<min(index + 3, values.count)]
                    writer.write(group.reduce(0) { $0 * 10 + $1 }, [0, 4, 7, 10][group.count])
                    index += 3
                }
            case .alphanumeric(let text):
                let values = text.utf8.map { byte in SegmentStream.alphanumeric.firstIndex(of: byte)! }
                writer.write(2, 4)
                writer.write(values.count, countBits(2, version))
                var index = 0
                while index < values.count {
                    if index + 1 < values.count {
                        writer.write(values[index] * 45 + values[index + 1], 11)
                    } else {
                        writer.write(values[index], 6)
                    }
                    index += 2
                }
            case .bytes(let bytes):
                writer.write(4, 4)
                writer.write(bytes.count, countBits(4, version))
                for byte in bytes { writer.write(Int(byte), 8) }
            case .kanji(let codes):
                writer.write(8, 4)
                writer.write(codes.count, countBits(8, version))
                for code in codes {
                    let offset = Int(code) - (code < 0xE040 ? 0x8140 : 0xC140)
                    writer.write((offset >> 8) * 0xC0 + (offset & 0xFF), 13)
                }
            case .eci(let value):
                writer.write(7, 4)
                if value < 128 {
                    writer.write(value, 8)
                } else if value < 16384 {
                    writer.write(0x8000 | value, 16)
                } else {
                    writer.write(0xC0_0000 | value, 24)
                }
            case .structuredAppend(let index, let count, let parity):
                writer.write(3, 4)
                writer.write(index, 4)
                writer.write(count - 1, 4)
                writer.write(Int(parity), 8)
            case .raw(let value, let width):
                writer.write(value, width)
            }
        }
        return writer.bits
    }

    /// Data codewords: the parts, a terminator (shortened at the end), zero bits, then 0xEC/0x11 pads.
    static func dataCodewords(_ parts: [Part], version: QRVersion, level: ErrorCorrectionLevel) -> [UInt8]? {
        let capacity = version.dataCodewords(level) * 8
        var bits = streamBits(parts, version: version)
        guard bits.count <= capacity else { return nil }
        bits += [Bool](repeating: false, count: min(4, capacity - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var bytes = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while bytes.count < capacity / 8 {
            bytes.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return bytes
    }

    /// Reed-Solomon parity of `data` with `ecCount` codewords.
    ///
    /// The generator's roots are 2^0 ... 2^(ec-1).
    static func parity(_ data: [UInt8], ecCount: Int) -> [UInt8] {
        var generator: [UInt8] = [1]
        for i in 0..<ecCount {
            var next = [UInt8](repeating: 0, count: generator.count + 1)
            for (j, coefficient) in generator.enumerated() {
                next[j] ^= coefficient
                next[j + 1] ^= GaloisField.multiply(coefficient, GaloisField.power(i))
            }
            generator = next
        }
        var remainder = [UInt8](repeating: 0, count: ecCount)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for j in 0..<ecCount { remainder[j] ^= GaloisField.multiply(generator[j + 1], factor) }
        }
        return remainder
    }

    /// The blocks (data + parity) of a symbol's data codewords, in placement order.
    static func blocks(_ data: [UInt8], version: QRVersion, level: ErrorCorrectionLevel) -> [[UInt8]] {
        let layout = version.blocks(level)
        var result: [[UInt8]] = []
        var offset = 0
        for block in 0..<layout.blockCount {
            let length = layout.dataCodewords(inBlock: block)
            let blockData = Array(data[offset..<offset + length])
            offset += length
            result.append(blockData + parity(blockData, ecCount: layout.ecCodewordsPerBlock))
        }
        return result
    }

    /// Interleaves blocks into the codeword sequence placed in the symbol.
    static func interleave(_ blocks: [[UInt8]], version: QRVersion, level: ErrorCorrectionLevel) -> [UInt8] {
        let layout = version.blocks(level)
        var result: [UInt8] = []
        for offset in 0...layout.shortBlockDataCodewords {
            for (index, block) in blocks.enumerated() where offset < layout.dataCodewords(inBlock: index) {
                result.append(block[offset])
            }
        }
        for offset in 0..<layout.ecCodewordsPerBlock {
            for (index, block) in blocks.enumerated() {
                result.append(block[layout.dataCodewords(inBlock: index) + offset])
            }
        }
        return result
    }

    /// A full symbol from its placed codeword sequence.
    static func matrix(
        codewords: [UInt8],
        version: QRVersion,
        level: ErrorCorrectionLevel,
        mask: QRMask
    ) -> QRMatrix {
        let layout = QRLayout.of(version)
        var matrix = layout.functionPattern
        let size = version.size
        let format = FormatInformation(level: level, mask: mask).bits
        for copy in 0..<2 {
            for (bit, position) in QRLayout.formatPositions(size: size, copy: copy).enumerated() {
                matrix[position.row, position.column] = (format >> bit) & 1 == 1
            }
        }
        if version.rawValue >= 7 {
            let word = VersionInformation.bits(version)
            for copy in 0..<2 {
                for (bit, position) in QRLayout.versionPositions(size: size, copy: copy).enumerated() {
                    matrix[position.row, position.column] = (word >> bit) & 1 == 1
                }
            }
        }
        for (index, position) in layout.dataBitPositions.enumerated() {
            let p = Int(position)
            let row = p / size
            let column = p % size
            var dark = index / 8 < codewords.count && (codewords[index / 8] >> (7 - index % 8)) & 1 == 1
            if mask.flips(row: row, column: column) { dark.toggle() }
            matrix[row, column] = dark
        }
        return matrix
    }

    /// A symbol carrying `parts`, or `nil` when they do not fit.
    static func make(
        _ parts: [Part],
        version: QRVersion,
        level: ErrorCorrectionLevel,
        mask: QRMask
    ) -> QRMatrix? {
        guard let data = dataCodewords(parts, version: version, level: level) else { return nil }
        return make(data: data, version: version, level: level, mask: mask)
    }

    /// A symbol from its data codewords.
    static func make(data: [UInt8], version: QRVersion, level: ErrorCorrectionLevel, mask: QRMask) -> QRMatrix {
        let codewords = interleave(blocks(data, version: version, level: level), version: version, level: level)
        return matrix(codewords: codewords, version: version, level: level, mask: mask)
    }

    /// The module values of a matrix, 0 light and 1 dark.
    static func values(_ matrix: QRMatrix) -> [UInt8] { matrix.modules.map { $0 ? 1 : 0 } }

    /// The row-major module indices of codeword `index` in the placed sequence.
    static func modulesOfCodeword(_ index: Int, version: QRVersion) -> [Int] {
        let positions = QRLayout.of(version).dataBitPositions
        return (0..<8).map { Int(positions[index * 8 + $0]) }
    }

    /// The placed-sequence index of codeword `offset` of block `block`.
    static func placedIndex(block: Int, offset: Int, version: QRVersion, level: ErrorCorrectionLevel) -> Int {
        let layout = version.blocks(level)
        let blockCount = layout.blockCount
        let dataLength = layout.dataCodewords(inBlock: block)
        if offset < dataLength {
            // Data codewords before row `offset`: all blocks for each earlier row.
            var index = 0
            for row in 0..<offset {
                for other in 0..<blockCount where row < layout.dataCodewords(inBlock: other) { index += 1 }
            }
            for other in 0..<block where offset < layout.dataCodewords(inBlock: other) { index += 1 }
            return index
        }
        return layout.dataCodewords + (offset - dataLength) * blockCount + block
    }
}
