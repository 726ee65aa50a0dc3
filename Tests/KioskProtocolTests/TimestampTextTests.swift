import KioskProtocol
import Testing

/// An instant's text is ISO 8601 in UTC with six digits of microseconds, every field zero-padded,
/// before 1970 as after (compared with Python's datetime for the same microseconds).
@Suite struct TimestampTextTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (1_782_262_923_000_004, "2026-06-24T01:02:03.000004Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (86_399_999_999, "1970-01-01T23:59:59.999999Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
    ])
    func readsAsISO8601InUTC(micros: Int64, text: String) {
        #expect(Timestamp(rawValue: micros).description == text)
    }
}

/// Numbers in receipts, codes and logs: zero-padded to their width, never cut.
@Suite struct DecimalTextTests {
    @Test func numbersArePaddedNeverCut() {
        #expect(PaymentID(rawValue: 42).description == "P000000000042")
        #expect(PaymentID(rawValue: 1_234_567_890_123).description == "P1234567890123")
        #expect(LocalDate(year: 987, month: 3, day: 4)!.description == "0987-03-04")
        var bytes: [UInt8] = []
        for (value, width) in [(Int64(0), 3), (-5, 3), (Int64.min, 1), (Int64.max, 0)] {
            bytes = []
            appendDecimal(value, width: width, to: &bytes)
            let expected = value < 0 ? "-" + String(repeating: "0", count: max(0, width - String(value.magnitude).count)) + String(value.magnitude)
                : String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
            #expect(String(decoding: bytes, as: UTF8.self) == expected)
        }
    }
}
