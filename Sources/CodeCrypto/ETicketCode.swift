/// The rotating code an e-ticket shows: a QR payload and a 19-digit typed fallback that change
/// every 30 seconds, made from the ticket's own key.
///
/// The one algorithm the kiosk checks codes with and an issuer's phone app makes them with
/// (`kioskctl eticket code` is its reference; docs/voucher-codes.md has a worked example). It needs
/// the ticket key only, never the program's secret, so a phone holds nothing that makes other
/// tickets' codes.
public struct ETicketCode: Sendable {
    /// Seconds one code is current.
    public static let stepSeconds: Int64 = 30

    /// The program's code, such as `KOMATSU27`.
    public let program: String
    /// The program's number (1-999), which typed codes carry.
    public let programNumber: Int
    /// The ticket's number (1-99,999,999).
    public let ticket: Int64
    /// The ticket key: HMAC-SHA256 of the program's secret over the program and ticket.
    public let key: [UInt8]

    /// The code maker of one ticket.
    public init(program: String, programNumber: Int, ticket: Int64, key: [UInt8]) {
        self.program = program
        self.programNumber = programNumber
        self.ticket = ticket
        self.key = key
    }

    /// The 30-second step an instant (seconds since 1970, UTC) falls in.
    public static func step(ofUnixSeconds seconds: Int64) -> Int64 {
        seconds >= 0 ? seconds / stepSeconds : (seconds - stepSeconds + 1) / stepSeconds
    }

    /// The QR payload of `step`: `KQ1E:<program>:<ticket, 8 digits>:<step>:<MAC, 16 base32>`.
    public func payload(step: Int64) -> String {
        let body = "KQ1E:\(program):\(Self.padded(ticket, 8)):\(step)"
        return body + ":" + Base32.encode(Array(SHA256Digest.hmac(key: key, Array(body.utf8)).prefix(10)))
    }

    /// The first 12 digits of the typed code: kind 2, program number, ticket.
    public var typedHead: String { "2" + Self.padded(Int64(programNumber), 3) + Self.padded(ticket, 8) }

    /// The six keyed digits of the typed code of `step`.
    public func typedCheck(step: Int64) -> String {
        Self.sixDigits(SHA256Digest.hmac(key: key, Array("KQ1T:\(typedHead):\(step)".utf8)))
    }

    /// The typed code of `step`: head, keyed digits and the Damm check digit, 19 digits.
    public func typedCode(step: Int64) -> String {
        let digits = typedHead + typedCheck(step: step)
        return digits + String(DammCheckDigit.digit(for: digits) ?? "0")
    }

    /// Six decimal digits from the first 8 bytes of a MAC (as RFC 4226's dynamic truncation yields digits).
    public static func sixDigits(_ mac: [UInt8]) -> String {
        var value: UInt64 = 0
        for byte in mac.prefix(8) { value = value << 8 | UInt64(byte) }
        return padded(Int64(value % 1_000_000), 6)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
