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

/// The sheet a program office prints: issued, fetched by its receipt, printed to pixels by librsvg
/// and read back by `kioskctl qr decode`, every code a voucher the kiosk accepts.
@Suite(.serialized) struct IssuedSheetTests {
    /// Prints an SVG page at `dpi` to a PGM file (librsvg, then netpbm), as a printer and a camera would see it.
    static func printed(_ svg: String, dpi: Int) throws -> String {
        let pgm = svg.replacingOccurrences(of: ".svg", with: "-\(dpi).pgm")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "rsvg-convert -b white -d \(dpi) -p \(dpi) \"$1\" | pngtopnm | ppmtopgm > \"$2\"", "sh", svg, pgm]
        try shell.run()
        shell.waitUntilExit()
        try #require(shell.terminationStatus == 0, "rsvg-convert and netpbm print the page (scripts/setup.sh installs them)")
        return pgm
    }

    /// Cuts a printed page along its cut lines (3 × 5 vouchers inside a 12 mm margin) into one
    /// PGM file per voucher.
    static func cutOut(_ page: String, dpi: Int) throws -> [String] {
        let image = try LumaImage(pgm: Array(try #require(FileManager.default.contents(atPath: page))))
        let pixelsPerMM = Double(dpi) / 25.4
        let cellWidth = (210.0 - 24) / 3
        let cellHeight = (297.0 - 24) / 5
        var files: [String] = []
        for row in 0..<5 {
            for column in 0..<3 {
                let x0 = Int((12 + Double(column) * cellWidth) * pixelsPerMM)
                let y0 = Int((12 + Double(row) * cellHeight) * pixelsPerMM)
                let w = min(Int(cellWidth * pixelsPerMM), image.width - x0)
                let h = min(Int(cellHeight * pixelsPerMM), image.height - y0)
                var pixels: [UInt8] = []
                for y in y0..<(y0 + h) { pixels += image.pixels[(y * image.width + x0)..<(y * image.width + x0 + w)] }
                let cell = try #require(LumaImage(width: w, height: h, pixels: pixels))
                let path = page.replacingOccurrences(of: ".pgm", with: "-\(row)-\(column).pgm")
                try #require(FileManager.default.createFile(atPath: path, contents: Data(cell.pgm)))
                files.append(path)
            }
        }
        return files
    }

    @Test func everyCodeOfAnIssuedSheetReadsBackAsAnIssuedVoucher() throws {
        let kiosk = try EndToEndTests.Kiosk(camera: false)
        try kiosk.start()
        defer { kiosk.stop(signal: SIGTERM) }
        try kiosk.ready("office")
        try kiosk.ready("clerk")
        let issued = try #require(try kiosk.json("issue", "vouchers", "KMTPREMIUM", "--count", "20", as: "office") as? [String: Any])
        let first = try #require(issued["first"] as? Int)
        let receipt = try #require(issued["sheet"] as? String)
        #expect(receipt == "KMTPREMIUM:\(first)-\(first + 19)" && issued["pages"] as? Int == 2)
        let directory = kiosk.directory + "/sheet"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fetched = try kiosk.ctl("issue", "sheet", receipt, "--output", directory, as: "office")
        #expect(fetched.status == 0 && fetched.output.contains("2 page(s) saved"), "\(fetched)")
        // A clerk may not print vouchers; a receipt past what was issued is refused.
        #expect(try kiosk.ctl("issue", "sheet", receipt, "--output", directory, as: "clerk").status == 5)
        let beyond = try kiosk.ctl("issue", "sheet", "KMTPREMIUM:1-\(first + 99)", "--output", directory, as: "office")
        #expect(beyond.status == 1 && beyond.error.contains("not been issued"), "\(beyond)")

        var serials: [Int] = []
        for page in 1...2 {
            let svg = directory + "/KMTPREMIUM-\(first)-\(first + 19)-p\(page).svg"
            let text = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(text.contains("class=\"cut-marks\"") && text.contains("〜"), "cut marks and validity are printed")
            // The customer holds one voucher to the camera: each cut-out voucher is read on its own.
            let cells = try Self.cutOut(try Self.printed(svg, dpi: 150), dpi: 150)
            let decoded = try kiosk.run("kioskctl", ["qr", "decode"] + cells)
            let payloads = decoded.output.split(separator: "\n").map(String.init)
            #expect(payloads.count == (page == 1 ? 15 : 5), "every code on page \(page) is read: \(decoded)")
            for payload in payloads {
                let parts = payload.split(separator: ":")
                serials.append(Int(parts[2]) ?? 0)
                let balance = try kiosk.ctl("balance", payload, as: "clerk")
                #expect(balance.status == 0 && balance.output.contains("1,000"), "the kiosk accepts \(payload): \(balance)")
            }
        }
        #expect(serials.sorted() == Array(first...(first + 19)))
    }
}
