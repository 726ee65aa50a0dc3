import CaptureV4L2
import Decoder
import Kiosk
import Testing

/// Every error a log line or a print can show reads as its operator message, never as a Swift
/// enum dump such as `deviceBusy(device: "/dev/video0")`.
@Suite struct ErrorDescriptionTests {
    @Test func errorsDescribeThemselvesInTheOperatorsWords() {
        let errors: [(any Error, String)] = [
            (CaptureError.deviceBusy(device: "/dev/video0"), CaptureError.deviceBusy(device: "/dev/video0").message),
            (QRScanError.invalidGeometry(width: 8, height: 8), QRScanError.invalidGeometry(width: 8, height: 8).message),
            (PGMFormatError.truncated(expected: 4, found: 2), "PGM image truncated: 2 of 4 pixels present"),
            (LedgerError.unknownPayment(PaymentID(rawValue: 7)), "No payment has the id P000000000007. [unknown_payment]"),
            (ControlError(code: "bad_request", message: "The field 'id' is missing."), "The field 'id' is missing. [bad_request]"),
        ]
        for (error, words) in errors {
            #expect(String(describing: error) == words)
        }
    }
}
