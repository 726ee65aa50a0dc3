import CodeCrypto
import Decoder
import Foundation

/// `kioskctl eticket code`: draws an e-ticket's current code from its ticket key, offline.
///
/// The reference for an issuer's phone app: the same algorithm (``ETicketCode``) the kiosk checks
/// codes with, run where only the ticket key is known.
struct ETicketCodeCommand {
    static let help = """
        Usage: kioskctl eticket code --program CODE --ticket N --key KEY [--format text|svg|pgm]
                                     [--output FILE] [--at UNIX-SECONDS]

        Draws the code an e-ticket shows now (it changes every 30 seconds): its QR code, and the
        19-digit typed code a customer types where the camera cannot read the phone. KEY is the
        ticket key `issue eticket` showed the program office once (NNN-BASE32). Works offline:
        the reference for an issuer's phone app (docs/voucher-codes.md gives the algorithm).

        Options:
          --program CODE   the ticket's program, such as KOMATSU27
          --ticket N       the ticket's number, as issued
          --key KEY        the ticket key
          --format F       text (default): the QR text, the typed code and the seconds left;
                           svg or pgm: the QR code image
          --output FILE    write the image to FILE instead of standard output
          --at SECONDS     the code of another instant (seconds since 1970, UTC), for tests
          -h, --help       show this help

        Exit status: 0 drawn; 2 usage error (a missing option, a malformed key).
        """

    static let valueOptions: Set<String> = ["program", "ticket", "key", "format", "output", "at"]

    static func run(_ words: [String]) throws -> Int32 {
        var arguments = try ArgumentList(words, valueOptions: valueOptions)
        if try arguments.flag("help") {
            print(help)
            return ExitStatus.done
        }
        guard let program = arguments.value("program") else { throw UsageError("eticket code needs --program CODE") }
        guard (1...12).contains(program.utf8.count),
            program.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) })
        else { throw UsageError("--program must be 1 to 12 of A-Z and 0-9, not '\(program)'") }
        guard let ticketText = arguments.value("ticket") else { throw UsageError("eticket code needs --ticket N") }
        guard let ticket = Int64(ticketText), (1...99_999_999).contains(ticket) else {
            throw UsageError("--ticket must be a ticket number 1 to 99999999, not '\(ticketText)'")
        }
        guard let keyText = arguments.value("key") else { throw UsageError("eticket code needs --key KEY") }
        guard let key = ETicketKey(keyText) else {
            throw UsageError("--key must be the ticket key as issued: 3 digits, '-', 52 base32 characters")
        }
        let format = arguments.value("format") ?? "text"
        guard ["text", "svg", "pgm"].contains(format) else { throw UsageError("--format must be text, svg or pgm, not '\(format)'") }
        let output = arguments.value("output")
        var now = Int64(Date().timeIntervalSince1970)
        if let at = arguments.value("at") {
            guard let seconds = Int64(at) else { throw UsageError("--at needs whole seconds since 1970, not '\(at)'") }
            now = seconds
        }
        try arguments.finish()
        guard arguments.operands.isEmpty else { throw UsageError("eticket code takes no operands") }

        let code = ETicketCode(program: program, programNumber: key.programNumber, ticket: ticket, key: key.bytes)
        let step = ETicketCode.step(ofUnixSeconds: now)
        let payload = code.payload(step: step)
        let bytes: [UInt8]
        switch format {
        case "text":
            let typed = Array(code.typedCode(step: step))
            let grouped = [typed[0..<4], typed[4..<8], typed[8..<12], typed[12..<18], typed[18...]].map { String($0) }
            let left = (step + 1) * ETicketCode.stepSeconds - now
            bytes = Array("qr     \(payload)\ntyped  \(grouped.joined(separator: " "))\nvalid  \(left) s more\n".utf8)
        default:
            let matrix = try QREncoder(level: .medium).encode(payload).matrix
            bytes = format == "svg" ? Array(try matrix.svg(moduleSize: 8).utf8) : try matrix.pgm(moduleSize: 8)
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
                throw CommandFailure("cannot write \(output)")
            }
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
        return ExitStatus.done
    }
}
