import Testing

@testable import Decoder

@Suite struct ShiftJISTests {
    @Test func tableHoldsEveryLeadAndTrail() {
        #expect(ShiftJIS.scalars.count == ShiftJIS.leadBytes.count * ShiftJIS.trailsPerLead)
    }

    @Test func knownCodesMapBothWays() {
        // 点 is 0x935F and 茗 is 0xE4AA (ISO/IEC 18004's Kanji mode example).
        #expect(ShiftJIS.scalar(forCode: 0x935F) == "点")
        #expect(ShiftJIS.scalar(forCode: 0xE4AA) == "茗")
        #expect(ShiftJIS.code(for: "点") == 0x935F)
        #expect(ShiftJIS.code(for: "　") == 0x8140)
        #expect(ShiftJIS.scalar(forCode: 0x817F) == nil)  // trail 0x7F is never used
        #expect(ShiftJIS.scalar(forCode: 0xA040) == nil)  // not a double-byte lead
    }

    @Test func everyAssignedCodeRoundTrips() {
        for (scalar, code) in ShiftJIS.codes {
            #expect(ShiftJIS.scalar(forCode: code) == scalar)
        }
        #expect(ShiftJIS.codes.count == 6879)
    }
}
