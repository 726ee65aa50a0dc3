import CodeCrypto
/// Makes and checks voucher and e-ticket codes: QR payloads and typed fallback digits.
///
/// Every code carries a keyed check (HMAC-SHA256 under the program's secret, truncated), so a
/// random or edited code is refused here, before the ledger is consulted. The formats are
/// specified in docs/voucher-codes.md; a change to them needs a new version prefix.
public struct VoucherCodec: Sendable {
    /// Length of a rotating e-ticket code's time step, in seconds.
    public static let eTicketStepSeconds: Int64 = ETicketCode.stepSeconds
    /// Largest voucher serial or e-ticket number (eight digits in typed codes).
    public static let maximumSerial: Int64 = 99_999_999

    private let byProgram: [ProgramCode: ProgramKey]
    private let byNumber: [Int: ProgramKey]

    /// A codec over the programs' keys; later keys with the same program or number replace earlier ones.
    public init(keys: [ProgramKey]) {
        var byProgram: [ProgramCode: ProgramKey] = [:]
        var byNumber: [Int: ProgramKey] = [:]
        for key in keys {
            byProgram[key.program] = key
            byNumber[key.number] = key
        }
        self.byProgram = byProgram
        self.byNumber = byNumber
    }

    /// Whether the program's secret is loaded, so its codes can be read.
    public func hasKey(for program: ProgramCode) -> Bool { byProgram[program] != nil }

    /// The programs whose secrets are loaded.
    public var programs: [ProgramCode] { byProgram.keys.sorted() }

    // MARK: Making codes

    /// The QR payload of a paper voucher: `KQ1P:<program>:<serial, 8 digits>:<MAC, 16 base32>`.
    ///
    /// - Throws: ``LedgerError/noKeyForProgram(_:)``, ``LedgerError/invalidIssuance(reason:)`` for a bad serial.
    public func voucherPayload(program: ProgramCode, serial: Int64) throws(LedgerError) -> String {
        let key = try self.key(program)
        try Self.checkSerial(serial)
        let body = "KQ1P:\(program):\(zeroPadded(serial, width: 8))"
        return body + ":" + Base32.encode(Array(SHA256Digest.hmac(key: key.secret, Array(body.utf8)).prefix(10)))
    }

    /// The typed fallback of a paper voucher: 19 digits, kind 1, program number, serial, keyed check, Damm digit.
    ///
    /// - Throws: ``LedgerError/noKeyForProgram(_:)``, ``LedgerError/invalidIssuance(reason:)`` for a bad serial.
    public func voucherTypedCode(program: ProgramCode, serial: Int64) throws(LedgerError) -> String {
        let key = try self.key(program)
        try Self.checkSerial(serial)
        let head = "1" + zeroPadded(key.number, width: 3) + zeroPadded(serial, width: 8)
        let check = Self.sixDigits(SHA256Digest.hmac(key: key.secret, Array("KQ1T:\(head)".utf8)))
        return Self.withDamm(head + check)
    }

    /// The per-ticket key a phone uses to make its rotating codes: HMAC(program secret, ticket).
    ///
    /// Derived rather than stored, so the ledger file holds no key material.
    public func eTicketKey(program: ProgramCode, id: Int64) throws(LedgerError) -> [UInt8] {
        let key = try self.key(program)
        try Self.checkSerial(id)
        return SHA256Digest.hmac(key: key.secret, Array("KQ1 e-ticket key|\(program)|\(zeroPadded(id, width: 8))".utf8))
    }

    /// The rotating QR payload an e-ticket shows at `now`: `KQ1E:<program>:<id>:<step>:<MAC>`.
    ///
    /// - Throws: ``LedgerError/noKeyForProgram(_:)``, ``LedgerError/invalidIssuance(reason:)`` for a bad id.
    public func eTicketPayload(program: ProgramCode, id: Int64, at now: Timestamp) throws(LedgerError) -> String {
        try eTicketCode(program: program, id: id).payload(step: Self.step(of: now))
    }

    /// The key the holder's phone app makes the ticket's codes with, as handed out once at issue.
    ///
    /// - Throws: ``LedgerError/noKeyForProgram(_:)``, ``LedgerError/invalidIssuance(reason:)`` for a bad id.
    public func eTicketKeyText(program: ProgramCode, id: Int64) throws(LedgerError) -> String {
        let code = try eTicketCode(program: program, id: id)
        guard let key = ETicketKey(programNumber: code.programNumber, bytes: code.key) else {
            throw .invalidIssuance(reason: "program \(program) has no number for its e-ticket keys")
        }
        return key.description
    }

    /// The rotating-code maker of one ticket.
    private func eTicketCode(program: ProgramCode, id: Int64) throws(LedgerError) -> ETicketCode {
        let key = try self.key(program)
        return ETicketCode(
            program: program.rawValue, programNumber: key.number, ticket: id, key: try eTicketKey(program: program, id: id))
    }

    /// The rotating typed fallback an e-ticket shows at `now`: 19 digits, kind 2.
    ///
    /// - Throws: ``LedgerError/noKeyForProgram(_:)``, ``LedgerError/invalidIssuance(reason:)`` for a bad id.
    public func eTicketTypedCode(program: ProgramCode, id: Int64, at now: Timestamp) throws(LedgerError) -> String {
        try eTicketCode(program: program, id: id).typedCode(step: Self.step(of: now))
    }

    /// A typed code grouped for printing: "1001 0000 0123 482913 7".
    public static func grouped(_ typed: String) -> String {
        let d = Array(typed)
        guard d.count == 19 else { return typed }
        return String(d[0..<4]) + " " + String(d[4..<8]) + " " + String(d[8..<12]) + " " + String(d[12..<18]) + " "
            + String(d[18])
    }

    // MARK: Reading codes

    /// Reads a scanned QR payload and checks its keyed MAC (and, for e-tickets, its age).
    ///
    /// - Throws: ``LedgerError/malformedCode(reason:)``, ``LedgerError/codeCheckFailed``,
    ///   ``LedgerError/noKeyForProgram(_:)``, ``LedgerError/eTicketCodeStale(ageSeconds:)``,
    ///   ``LedgerError/eTicketCodeFromFuture(aheadSeconds:)``.
    public func read(scanned payload: String, now: Timestamp) throws(LedgerError) -> CodeReference {
        // Parsed as bytes: this runs for every code a camera reads, and String's Character-based
        // splitting cost more than the HMAC.
        let bytes = Array(payload.utf8)
        let fields = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        let kind = fields[0]
        let paper = kind.elementsEqual("KQ1P".utf8)
        guard paper || kind.elementsEqual("KQ1E".utf8) else {
            throw .malformedCode(reason: "it does not start with KQ1P or KQ1E")
        }
        guard fields.count == (paper ? 4 : 5) else {
            throw .malformedCode(reason: "it has \(fields.count) fields instead of \(paper ? 4 : 5)")
        }
        guard let program = ProgramCode(String(decoding: fields[1], as: UTF8.self)) else {
            throw .malformedCode(reason: "bad program code")
        }
        guard fields[2].count == 8, let serial = Self.decimal(fields[2]), serial >= 1
        else { throw .malformedCode(reason: "the serial must be 8 digits, not all zero") }
        let mac = fields[fields.count - 1]
        guard mac.count == 16, let macBytes = Base32.decode(mac), macBytes.count == 10
        else { throw .malformedCode(reason: "the check must be 16 base32 characters") }
        let body = bytes[..<(bytes.count - 17)]
        if paper {
            let key = try self.key(program)
            let expected = Array(SHA256Digest.hmac(key: key.secret, body).prefix(10))
            guard SHA256Digest.constantTimeEqual(expected, macBytes) else { throw .codeCheckFailed }
            return .voucher(program: program, serial: serial)
        }
        guard fields[3].count <= 12, let step = Self.decimal(fields[3])
        else { throw .malformedCode(reason: "the time step must be decimal digits") }
        let ticketKey = try eTicketKey(program: program, id: serial)
        let expected = Array(SHA256Digest.hmac(key: ticketKey, body).prefix(10))
        guard SHA256Digest.constantTimeEqual(expected, macBytes) else { throw .codeCheckFailed }
        let current = Self.step(of: now)
        if step < current - 1 {
            throw .eTicketCodeStale(ageSeconds: now.unixSeconds - step * Self.eTicketStepSeconds)
        }
        if step > current + 1 {
            throw .eTicketCodeFromFuture(aheadSeconds: step * Self.eTicketStepSeconds - now.unixSeconds)
        }
        return .eTicket(program: program, id: serial)
    }

    /// The value of 1 to 18 ASCII decimal digits, or `nil` for anything else (so it cannot overflow).
    static func decimal(_ digits: ArraySlice<UInt8>) -> Int64? {
        guard (1...18).contains(digits.count) else { return nil }
        var value: Int64 = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - 0x30)
        }
        return value
    }

    /// Reads a typed fallback code (spaces and hyphens ignored), checking the Damm digit and the keyed check.
    ///
    /// - Throws: ``LedgerError/malformedCode(reason:)``, ``LedgerError/typedCodeCheckDigitWrong``,
    ///   ``LedgerError/codeCheckFailed`` (for e-tickets also when the code is older than one step).
    public func read(typed text: String, now: Timestamp) throws(LedgerError) -> CodeReference {
        let digits = String(text.filter { $0 != " " && $0 != "-" })
        guard digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .malformedCode(reason: "a typed code has digits only")
        }
        guard digits.utf8.count == 19 else {
            throw .malformedCode(reason: "a typed code has 19 digits, this has \(digits.utf8.count)")
        }
        guard DammCheckDigit.isValid(digits) else { throw .typedCodeCheckDigitWrong }
        let d = Array(digits)
        let head = String(d[0..<12])
        let check = String(d[12..<18])
        guard let number = Int(String(d[1..<4])), let serial = Int64(String(d[4..<12])), serial >= 1 else {
            throw .malformedCode(reason: "the serial must not be all zero")
        }
        guard let key = byNumber[number] else { throw .codeCheckFailed }
        switch d[0] {
        case "1":
            let expected = Self.sixDigits(SHA256Digest.hmac(key: key.secret, Array("KQ1T:\(head)".utf8)))
            guard SHA256Digest.constantTimeEqual(Array(expected.utf8), Array(check.utf8)) else {
                throw .codeCheckFailed
            }
            return .voucher(program: key.program, serial: serial)
        case "2":
            let ticketCode = try eTicketCode(program: key.program, id: serial)
            let current = Self.step(of: now)
            var matched = false
            for step in (current - 1)...(current + 1) {
                let expected = ticketCode.typedCheck(step: step)
                if SHA256Digest.constantTimeEqual(Array(expected.utf8), Array(check.utf8)) { matched = true }
            }
            guard matched else { throw .codeCheckFailed }
            return .eTicket(program: key.program, id: serial)
        default:
            throw .malformedCode(reason: "a typed code starts with 1 (voucher) or 2 (e-ticket)")
        }
    }

    // MARK: Helpers

    private func key(_ program: ProgramCode) throws(LedgerError) -> ProgramKey {
        guard let key = byProgram[program] else { throw .noKeyForProgram(program) }
        return key
    }

    private static func checkSerial(_ serial: Int64) throws(LedgerError) {
        guard (1...maximumSerial).contains(serial) else {
            throw .invalidIssuance(reason: "serials and e-ticket numbers are 1 to \(maximumSerial), got \(serial)")
        }
    }

    static func step(of instant: Timestamp) -> Int64 { ETicketCode.step(ofUnixSeconds: instant.unixSeconds) }

    /// Six decimal digits from the first 8 bytes of a MAC (as RFC 4226's dynamic truncation yields digits).
    static func sixDigits(_ mac: [UInt8]) -> String { ETicketCode.sixDigits(mac) }

    private static func withDamm(_ digits: String) -> String {
        guard let check = DammCheckDigit.digit(for: digits) else {
            preconditionFailure("typed code body \(digits) is not all digits")
        }
        return digits + String(check)
    }
}
