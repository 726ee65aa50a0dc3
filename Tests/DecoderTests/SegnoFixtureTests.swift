import Foundation
import Testing

@testable import Decoder

/// One line of `Fixtures/segno.txt` (format: tools/make_segno_fixture.py).
struct SegnoCase: CustomTestStringConvertible, Sendable {
    let line: Int
    let version: QRVersion
    let level: ErrorCorrectionLevel
    let mask: QRMask
    let forced: Bool
    let structuredAppend: StructuredAppend?
    let segments: [QRSegment]
    /// segno's N1-N4 for masks 0-7, in the auto cases.
    let penalties: [[Int]]
    let matrix: QRMatrix

    var testDescription: String {
        "line \(line): \(version)-\(level) mask \(mask)\(forced ? "" : " (auto)") "
            + segments.map { "\($0.mode)" }.joined(separator: "+")
    }

    static let all: [SegnoCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/segno.txt")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").enumerated().compactMap { index, line in
            line.hasPrefix("#") ? nil : SegnoCase(line: index + 1, String(line))
        }
    }()

    init(line: Int, _ text: String) {
        let fields = text.split(separator: " ").map(String.init)
        precondition(fields.count == 8, "fixture line \(line) has \(fields.count) fields")
        self.line = line
        version = QRVersion(rawValue: Int(fields[0])!)!
        level = ErrorCorrectionLevel(letter: fields[1])!
        mask = QRMask(rawValue: Int(fields[2])!)!
        forced = fields[3] == "forced"
        if fields[4] == "-" {
            structuredAppend = nil
        } else {
            let sa = fields[4].split(separator: ",").map { Int($0)! }
            structuredAppend = try! StructuredAppend(position: sa[0], total: sa[1], parity: UInt8(sa[2]))
        }
        segments = fields[5].split(separator: "+").map { spec in
            let mode = spec.prefix(1)
            let value = String(spec.dropFirst(2))
            let bytes = SegnoCase.bytes(hex: value)
            switch mode {
            case "N": return try! QRSegment(numeric: String(decoding: bytes, as: UTF8.self))
            case "A": return try! QRSegment(alphanumeric: String(decoding: bytes, as: UTF8.self))
            case "B": return QRSegment(bytes: bytes)
            case "K":
                return try! QRSegment(
                    kanjiCodes: stride(from: 0, to: bytes.count, by: 2).map {
                        UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])
                    }
                )
            default: return QRSegment(eci: ECIDesignator(rawValue: UInt32(value)!)!)
            }
        }
        penalties =
            fields[6] == "-" ? [] : fields[6].split(separator: ";").map { $0.split(separator: ",").map { Int($0)! } }
        let size = version.size
        var matrix = QRMatrix(size: size)
        for (index, digit) in fields[7].enumerated() {
            let nibble = digit.hexDigitValue!
            for bit in 0..<4 where nibble & (8 >> bit) != 0 {
                let module = index * 4 + bit
                matrix[module / size, module % size] = true
            }
        }
        self.matrix = matrix
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }
}

@Suite struct SegnoFixtureTests {
    @Test func fixtureCoversEveryVersionLevelMaskAndMode() {
        let cases = SegnoCase.all
        #expect(Set(cases.map(\.version)) == Set(QRVersion.all))
        #expect(Set(cases.map(\.level)) == Set(ErrorCorrectionLevel.allCases))
        #expect(Set(cases.map(\.mask)) == Set(QRMask.all))
        #expect(Set(cases.flatMap { $0.segments.map(\.mode) }) == Set(QRSegment.Mode.allCases))
        #expect(cases.contains { $0.structuredAppend != nil })
        #expect(cases.contains { !$0.forced })
    }

    @Test(arguments: SegnoCase.all)
    func matrixEqualsSegnos(_ reference: SegnoCase) throws {
        let encoder = QREncoder(
            level: reference.level,
            version: reference.version,
            mask: reference.forced ? reference.mask : nil
        )
        let code = try encoder.encode(segments: reference.segments, structuredAppend: reference.structuredAppend)
        #expect(code.mask == reference.mask)
        #expect(code.version == reference.version)
        #expect(code.matrix == reference.matrix, "differs in \(differences(code.matrix, reference.matrix)) modules")
    }

    @Test(arguments: SegnoCase.all.filter { !$0.forced })
    func maskPenaltiesEqualSegnos(_ reference: SegnoCase) throws {
        let version = reference.version
        let stream = QREncoder.dataStream(
            reference.segments,
            structuredAppend: reference.structuredAppend,
            version: version,
            level: reference.level
        )
        let layout = QRLayout.of(version)
        let grid = QREncoder.unmaskedGrid(
            QREncoder.interleave(stream, layout: version.blocks(reference.level)),
            layout: layout
        )
        for mask in QRMask.all {
            let penalty = MaskPenalty(modules: QREncoder.apply(mask, to: grid, layout: layout), size: layout.size)
            #expect(
                [penalty.adjacent, penalty.blocks, penalty.finderLike, penalty.balance]
                    == reference.penalties[mask.rawValue],
                "mask \(mask)"
            )
        }
    }

    private func differences(_ a: QRMatrix, _ b: QRMatrix) -> Int {
        guard a.size == b.size else { return -1 }
        return zip(a.modules, b.modules).filter { $0 != $1 }.count
    }
}
