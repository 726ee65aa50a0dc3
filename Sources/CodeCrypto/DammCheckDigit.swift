/// The Damm check digit: detects every single-digit error and every adjacent transposition.
///
/// H. Michael Damm's algorithm (2004), over a decimal string.
public enum DammCheckDigit {
    /// The totally anti-symmetric quasigroup of order 10 from Damm's dissertation.
    static let table: [[UInt8]] = [
        [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
        [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
        [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
        [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
        [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
        [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
        [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
    ]

    /// The check digit of a string of decimal digits, or `nil` if it holds anything else.
    public static func digit(for digits: some StringProtocol) -> Character? {
        var interim: UInt8 = 0
        for byte in digits.utf8 {
            guard (0x30...0x39).contains(byte) else { return nil }
            interim = table[Int(interim)][Int(byte - 0x30)]
        }
        return Character(Unicode.Scalar(0x30 + interim))
    }

    /// Whether a digit string ends in its correct check digit (the whole string checks to 0).
    public static func isValid(_ digits: some StringProtocol) -> Bool {
        guard digits.utf8.count >= 2 else { return false }
        return digit(for: digits) == "0"
    }
}
