import Decoder
import Foundation
import Testing

@testable import kioskd

/// The printed voucher sheet carries codes our own decoder reads back as the vouchers' payloads.
@Suite struct VoucherSheetTests {
    /// The module grid of each `<g id="voucher-N">` group's QR path (`M col row h run v1 h-run z`).
    static func symbols(inSheet svg: String) throws -> [Int: QRMatrix] {
        var result: [Int: QRMatrix] = [:]
        for group in svg.components(separatedBy: "<g id=\"voucher-").dropFirst() {
            let serial = try #require(Int(group.prefix(8)))
            let path = try #require(group.components(separatedBy: " d=\"").dropFirst().first?.split(separator: "\"").first)
            var runs: [(row: Int, column: Int, length: Int)] = []
            for command in path.split(separator: "z") {
                let numbers = command.split(whereSeparator: { "Mhv- ".contains($0) }).compactMap { Int($0) }
                try #require(numbers.count == 5)  // column, row, run, 1, run
                runs.append((numbers[1] - 4, numbers[0] - 4, numbers[2]))  // the quiet zone is 4 modules
            }
            let size = (runs.map { $0.column + $0.length }.max() ?? 0)
            var rows = [[Bool]](repeating: [Bool](repeating: false, count: size), count: size)
            for run in runs {
                for column in run.column..<(run.column + run.length) { rows[run.row][column] = true }
            }
            result[serial] = QRMatrix(rows: rows)
        }
        return result
    }

    @Test func theDemoSheetDecodesToTheVouchersPayloads() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try DemoSetup.run(directory: directory)
        let sheet = try String(contentsOfFile: directory + "/vouchers-1.svg", encoding: .utf8)
        let expected = try String(contentsOfFile: directory + "/vouchers.txt", encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ") }
        let symbols = try Self.symbols(inSheet: sheet)
        #expect(symbols.count == expected.count)
        let decoder = QRGridDecoder()
        for line in expected {
            let serial = try #require(Int(line[0]))
            let matrix = try #require(symbols[serial])
            #expect(try decoder.decode(matrix).text == String(line[1]))
            #expect(sheet.contains(String(line[2].prefix(4))))  // the typed digits are printed too
        }
    }
}
