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
