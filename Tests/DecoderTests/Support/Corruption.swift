import TestSupport
@testable import Decoder

/// Damage applied to a clean grid of module values, codeword by codeword.
struct Corruption {
    let version: QRVersion
    let level: ErrorCorrectionLevel
    let positions: [Int32]

    init(version: QRVersion, level: ErrorCorrectionLevel) {
        self.version = version
        self.level = level
        positions = QRLayout.of(version).dataBitPositions
    }

    /// XORs a codeword of block `block` at `offset` with `pattern` by flipping its modules.
    func flip(_ grid: inout [UInt8], block: Int, offset: Int, pattern: UInt8) {
        let index = TestSymbol.placedIndex(block: block, offset: offset, version: version, level: level)
        for bit in 0..<8 where (pattern >> (7 - bit)) & 1 == 1 {
            grid[Int(positions[index * 8 + bit])] ^= 1
        }
    }

    /// Marks a codeword unreliable: some modules become `QRGridDecoder.unreliable`, the others random.
    func erase(_ grid: inout [UInt8], block: Int, offset: Int, using random: inout SeededRandom) {
        let index = TestSymbol.placedIndex(block: block, offset: offset, version: version, level: level)
        let unreliable = Int.random(in: 0..<8, using: &random)
        for bit in 0..<8 {
            let module = Int(positions[index * 8 + bit])
            grid[module] = bit == unreliable ? QRGridDecoder.unreliable : UInt8.random(in: 0...1, using: &random)
        }
    }

    /// Block lengths (data + error correction) in placement order.
    var blockLengths: [Int] {
        let layout = version.blocks(level)
        return (0..<layout.blockCount).map { layout.dataCodewords(inBlock: $0) + layout.ecCodewordsPerBlock }
    }

    /// Errors a block may hold and still be corrected: (ec - protection) / 2.
    var errorCapacity: Int {
        (version.blocks(level).ecCodewordsPerBlock - ReedSolomonDecoder.misdecodeProtection(version, level)) / 2
    }

    /// Erasures a block may hold: ec - protection.
    var erasureCapacity: Int {
        version.blocks(level).ecCodewordsPerBlock - ReedSolomonDecoder.misdecodeProtection(version, level)
    }
}

extension TestSymbol {
    /// A symbol with one byte segment of random bytes, of random length up to what fits.
    static func randomByteSymbol(
        version: QRVersion,
        level: ErrorCorrectionLevel,
        mask: QRMask,
        using random: inout SeededRandom,
        full: Bool = false
    ) -> (matrix: QRMatrix, payload: [UInt8]) {
        let capacityBits = version.dataCodewords(level) * 8
        let maximum = (capacityBits - 4 - countBits(4, version)) / 8
        let length = full ? maximum : Int.random(in: 0...maximum, using: &random)
        let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
        let matrix = make([.bytes(payload)], version: version, level: level, mask: mask)!
        return (matrix, payload)
    }
}
