import Testing

@testable import Decoder

@Suite struct QRVersionTests {
    @Test func dataCapacitiesMatchTheStandard() throws {
        let v1 = try #require(QRVersion(rawValue: 1))
        let v40 = try #require(QRVersion(rawValue: 40))
        #expect(ErrorCorrectionLevel.allCases.map { v1.dataCodewords($0) } == [19, 16, 13, 9])
        #expect(ErrorCorrectionLevel.allCases.map { v40.dataCodewords($0) } == [2956, 2334, 1666, 1276])
        #expect(v40.totalCodewords == 3706)
    }

    @Test func alignmentCentersMatchAnnexE() {
        #expect(QRVersion.all[0].alignmentPatternCenters == [])
        #expect(QRVersion.all[6].alignmentPatternCenters == [6, 22, 38])
        #expect(QRVersion.all[31].alignmentPatternCenters == [6, 34, 60, 86, 112, 138])
        #expect(QRVersion.all[39].alignmentPatternCenters == [6, 30, 58, 86, 114, 142, 170])
    }

    @Test func everyLayoutCountsItsModules() {
        for version in QRVersion.all {
            let layout = QRLayout.of(version)
            #expect(layout.dataBitPositions.count == version.totalCodewords * 8 + version.remainderBits)
            #expect(Set(layout.dataBitPositions).count == layout.dataBitPositions.count)
        }
    }

    @Test func formatAndVersionWordsMatchTheStandardsExamples() throws {
        // ISO/IEC 18004 annex C: level M, mask 5 gives 100000011001110.
        #expect(FormatInformation(level: .medium, mask: QRMask(unchecked: 5)).bits == 0b100_0000_1100_1110)
        #expect(FormatInformation(level: .low, mask: QRMask(unchecked: 0)).bits == 0x77C4)
        // Annex D: version 7 gives 000111110010010100.
        #expect(VersionInformation.bits(QRVersion(unchecked: 7)) == 0b00_0111_1100_1001_0100)
    }
}
