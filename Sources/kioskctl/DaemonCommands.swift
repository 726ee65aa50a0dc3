import Foundation

/// The kioskctl commands that talk to a running kioskd over its control socket.
enum DaemonCommands {
    static let help = """
        Usage: kioskctl [--socket PATH] [--json] COMMAND ...

        Commands that talk to kioskd (over its control socket, default \(ControlClient.defaultSocketPath)):
          status                                  the daemon's state: sessions, held codes, ledger, outbox
          session open --program CODE --amount N  open a redemption session for N yen
          session present SESSION CODE [--typed]  present a scanned payload, or typed digits with --typed
          session status SESSION                  the session: amount, lines read, total, missing
          session settle SESSION                  settle what was read (complete below the amount)
          session confirm SESSION [--key KEY]     confirm as a payment; retrying with the same KEY never
                                                  pays twice (a fresh key is made when none is given)
          session abort SESSION                   abort and release every code read
          balance CODE [--typed]                  a code's balance and state, without holding it
          watch                                   print live events (sessions, payments) until interrupted

        Options:
          --socket PATH  kioskd's control socket
          --json         print kioskd's JSON result instead of a table
        """

    static let valueOptions: Set<String> = ["socket", "program", "amount", "key"]

    static func run(_ words: [String]) throws -> Int32 {
        var arguments = try ArgumentList(words, valueOptions: valueOptions)
        if try arguments.flag("help") {
            print(help)
            return ExitStatus.done
        }
        let json = try arguments.flag("json")
        let socket = arguments.value("socket") ?? ControlClient.defaultSocketPath
        let typed = try arguments.flag("typed")
        let program = arguments.value("program")
        let amount = arguments.value("amount")
        let key = arguments.value("key")
        try arguments.finish()
        let operands = arguments.operands

        func operand(_ index: Int, _ name: String) throws(UsageError) -> String {
            guard index < operands.count else { throw UsageError("missing \(name)") }
            return operands[index]
        }
        func expectOperands(_ count: Int) throws(UsageError) {
            if operands.count > count { throw UsageError("unexpected '\(operands[count])'") }
        }

        let op: String
        var fields: [String: Any] = [:]
        switch (operands.first, operands.dropFirst().first) {
        case ("status", _):
            try expectOperands(1)
            op = "status"
        case ("session", "open"):
            try expectOperands(2)
            guard let program else { throw UsageError("session open needs --program CODE") }
            guard let amount, let yen = Int64(amount) else { throw UsageError("session open needs --amount N (whole yen)") }
            op = "session.open"
            fields = ["program": program, "amount": yen]
        case ("session", "present"):
            try expectOperands(4)
            op = "session.present"
            fields = ["session": try operand(2, "SESSION"), "code": try operand(3, "CODE")]
            if typed { fields["typed"] = true }
        case ("session", let verb?) where ["status", "settle", "abort"].contains(verb):
            try expectOperands(3)
            op = "session.\(verb)"
            fields = ["session": try operand(2, "SESSION")]
        case ("session", "confirm"):
            try expectOperands(3)
            op = "session.confirm"
            fields = ["session": try operand(2, "SESSION"), "idempotency_key": key ?? UUID().uuidString.lowercased()]
        case ("session", let other):
            throw UsageError("unknown session command '\(other ?? "")': open, present, status, settle, confirm or abort")
        case ("balance", _):
            try expectOperands(2)
            op = "balance"
            fields = ["code": try operand(1, "CODE")]
            if typed { fields["typed"] = true }
        case ("watch", _):
            try expectOperands(1)
            return try watch(socket: socket, json: json)
        default:
            throw UsageError("unknown command '\(operands.joined(separator: " "))'")
        }

        let client = try ControlClient(socketPath: socket)
        let result = try client.call(op, fields)
        if json {
            print(JSONLine.encode(result))
        } else {
            print(HumanOutput.render(op: op, result))
        }
        return ExitStatus.done
    }

    static func watch(socket: String, json: Bool) throws -> Int32 {
        let client = try ControlClient(socketPath: socket)
        _ = try client.call("events.subscribe")
        while true {
            let event = try client.readObject()
            let kind = event["event"] as? String ?? "event"
            let text = json ? JSONLine.encode(event) : "[\(kind)] " + HumanOutput.render(op: kind, event["data"] ?? NSNull())
            FileHandle.standardOutput.write(Data((text + "\n").utf8))  // unbuffered: a live view
        }
    }
}
