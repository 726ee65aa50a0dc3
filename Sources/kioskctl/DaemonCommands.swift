import Foundation

/// The kioskctl commands that talk to a running kioskd over its control socket.
enum DaemonCommands {
    static let help = """
        Usage: kioskctl [--socket PATH] [--json] COMMAND ...

        Commands that talk to kioskd (over its control socket, default \(ControlClient.defaultSocketPath)):
          login NAME                              log in; the token is kept for later calls (in
                                                  $XDG_RUNTIME_DIR/kioskctl/, mode 0600)
          logout                                  end the login
          password change                         change your own password (asks the current one,
                                                  then the new one twice)
          account list                            every account: role, initial password, lock
          account create NAME --role ROLE         a new account of a lower role, with an initial
                                                  password that must be changed at first login
          account reset NAME                      a new initial password for an account of a lower
                                                  role; lifts a lockout and ends its logins
          account disable NAME | enable NAME      a lower role's account whose holder left: it cannot
                                                  log in and its logins end; enable undoes it
          status                                  the daemon's state: sessions, held codes, ledger, outbox
          session open --program CODE --amount N  open a redemption session for N yen
          session present SESSION CODE [--typed]  present a scanned payload, or typed digits with --typed
          session status SESSION                  the session: amount, lines read, total, missing
          session settle SESSION                  settle what was read (complete below the amount)
          session confirm SESSION [--key KEY]     confirm as a payment; repeating it (with the same KEY,
                                                  or without one: the session's own) never pays twice
          session list                            the sessions open now
          session abort SESSION                   abort and release every code read
          balance CODE [--typed]                  a code's balance and state, without holding it
          watch                                   print live events (sessions, payments) until interrupted
          refund search [--payment P] [--date YYYY-MM-DD] [--amount N] [--exclude-refunded]
                                                  find payments to refund, newest first
          refund preview PAYMENT                  what a refund would return, and whether you may do it
          refund confirm PAYMENT [--key KEY] [--memo TEXT]
                                                  refund the whole payment (irreversible); retrying
                                                  with the same KEY never refunds twice
          merchant create CODE --name NAME [--representative ACCOUNT] [--contact TEXT]
                                                  register a merchant (program office); its
                                                  representative account manages its stores
          merchant list | change CODE [--name N] [--representative A] [--contact T]
          merchant disable CODE | enable CODE     a disabled merchant's terminals open no session
          store create CODE --merchant M --name NAME
                                                  register a store of merchant M (the program office
                                                  or M's representative)
          store list [--merchant M] | change CODE --name NAME | disable CODE | enable CODE
          terminal create CODE --store S --name NAME
                                                  register a kiosk terminal in store S; kioskd's
                                                  [kiosk] terminal must be registered to take sessions
          terminal list [--store S] | change CODE --name NAME | disable CODE | enable CODE
          program list                            every program and its terms
          program create CODE --number N --name NAME --kind paper|eticket --unit YEN
                         --face-value YEN --maximum YEN --from D --until D --deadline D
                         [--refund-hours H] [--payout-delay DAYS | --schedule FILE]
                                                  a new program (refunds until the closing unless
                                                  --refund-hours); closings on the 15th and month end
                                                  paid DAYS later (10), or FILE's lines 'CLOSING PAYOUT';
                                                  its secret goes in the secrets file
          issue vouchers PROGRAM --count N        issue N paper vouchers
          issue eticket PROGRAM --balance N --days D
                                                  issue one e-ticket of N yen valid for D days
          audit verify [--head SEQ:HASH]          check the audit log's hash chain and every payment,
                                                  refund, voucher and e-ticket against it; with a head
                                                  recorded earlier, also that the chain was not rewritten
          audit head                              the chain's last entry (SEQ:HASH), to record off the kiosk
          ledger check                            the whole ledger: the file's integrity, the money
                                                  invariants, the audit chain and the money against it
          outbox status                           notifications pending, failing and delivered
          camera list                             the capture devices kioskd can see
          camera status                           the camera and scanner figures
          camera restart                          stop and restart the capture pipeline
          report sales [--from D --to D]          the sales summary (default: the last 7 days)
          report usage [--from D --to D] [--program CODE] [--payment P] [--amount N]
                       [--exclude-refunded] [--page N] [--page-size N]
                                                  the usage list (at most 3 months; default today),
                                                  25 rows a page
          report daily [--from D --to D]          totals per day and program (at most 31 days;
                                                  default the last 31 days)
          report monthly [--from YYYY-MM --to YYYY-MM]
                                                  totals per month and program (at most 3 months;
                                                  default the last 3 months)
          report settlement --program CODE [--year YYYY]
                                                  each closing period (closing in YYYY), its payout
                                                  date and what is due
          export request --from D --to D [--encoding utf-8|shift_jis|windows-31j]
                                                  start a settlement data CSV export; prints its receipt
          export status [RECEIPT]                 an export's progress (every export without RECEIPT)
          export fetch RECEIPT --output FILE      save a finished export
        Reports and exports take --store CODE and --terminal CODE filters; D is YYYY-MM-DD.

        Options:
          --socket PATH  kioskd's control socket
          --json         print kioskd's JSON result instead of a table
          --password-fd N  read passwords from file descriptor N, one per line in the order
                         asked (for scripts), instead of typing them with echo off
          --role ROLE    staff, manager, representative or program_office

        Every command except status and login needs a login of a role allowed to do it
        (docs/accounts.md). Exit status: 0 done; 1 refused; 2 usage error; 3 kioskd cannot
        be reached; 4 log in first; 5 the account logged in may not do this.
        """

    static let valueOptions: Set<String> = [
        "socket", "program", "amount", "key", "password-fd", "role", "payment", "date", "memo", "count", "balance", "days",
        "from", "to", "store", "terminal", "page", "page-size", "encoding", "output", "number", "name", "kind", "unit",
        "face-value", "maximum", "until", "deadline", "refund-hours", "payout-delay", "head", "merchant", "representative",
        "contact", "schedule", "year",
    ]

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
        let passwordFD = try arguments.value("password-fd").map { text throws(UsageError) -> Int32 in
            guard let fd = Int32(text), fd >= 0 else { throw UsageError("--password-fd needs a file descriptor number") }
            return fd
        }
        let role = arguments.value("role")
        let payment = arguments.value("payment")
        let date = arguments.value("date")
        let memo = arguments.value("memo")
        let count = arguments.value("count")
        let balance = arguments.value("balance")
        let days = arguments.value("days")
        let excludeRefunded = try arguments.flag("exclude-refunded")
        var filters: [String: Any] = [:]  // changed below only by report defaults
        for name in ["from", "to", "store", "terminal"] { if let value = arguments.value(name) { filters[name] = value } }
        let page = arguments.value("page")
        let pageSize = arguments.value("page-size")
        let encoding = arguments.value("encoding")
        let output = arguments.value("output")
        let head = arguments.value("head")
        var siteFields: [String: Any] = [:]
        for name in ["name", "merchant", "representative", "contact"] { if let value = arguments.value(name) { siteFields[name] = value } }
        let storeOption = filters["store"] as? String  // read once, with the report filters
        func number(_ text: String?, _ option: String) throws(UsageError) -> Int64? {
            guard let text else { return nil }
            guard let value = Int64(text) else { throw UsageError("--\(option) needs a whole number, not '\(text)'") }
            return value
        }
        var programFields: [String: Any] = [:]
        for (option, field) in [
            ("number", "number"), ("unit", "unit"), ("face-value", "face_value"), ("maximum", "maximum_per_transaction"),
            ("refund-hours", "refund_hours"), ("payout-delay", "payout_delay"),
        ] {
            if let value = try number(arguments.value(option), option) { programFields[field] = value }
        }
        programFields["name"] = siteFields["name"]  // --name, read once for sites and programs
        if let path = arguments.value("schedule") { programFields["schedule"] = try SettlementScheduleFile.read(path) }
        let year = try number(arguments.value("year"), "year")
        for (option, field) in [("kind", "kind"), ("until", "valid_until"), ("deadline", "redemption_deadline")] {
            if let value = arguments.value(option) { programFields[field] = value }
        }
        try arguments.finish()
        let operands = arguments.operands

        func operand(_ index: Int, _ name: String) throws(UsageError) -> String {
            guard index < operands.count else { throw UsageError("missing \(name)") }
            return operands[index]
        }
        func expectOperands(_ count: Int) throws(UsageError) {
            if operands.count > count { throw UsageError("unexpected '\(operands[count])'") }
        }

        let tokens = TokenStore(socketPath: socket)
        var passwords = try PasswordInput(fd: passwordFD)
        let op: String
        var fields: [String: Any] = [:]
        switch (operands.first, operands.dropFirst().first) {
        case ("login", _):
            try expectOperands(2)
            let name = try operand(1, "NAME")
            // Asked before connecting: kioskd closes a connection that has not logged in after
            // [limits] login_idle_timeout, which a person typing a password may well pass.
            let password = try passwords.next("Password for \(name)")
            let client = try ControlClient(socketPath: socket)
            let result = try client.call("login", ["name": name, "password": password])
            guard let object = result as? [String: Any], let token = object["token"] as? String else {
                throw ControlClient.Unreachable(description: "kioskd answered the login without a token")
            }
            try tokens.save(token)
            var shown = object
            shown["token"] = nil
            print(json ? JSONLine.encode(shown) : HumanOutput.render(op: "login", shown))
            return ExitStatus.done
        case ("logout", _):
            try expectOperands(1)
            let client = try ControlClient(socketPath: socket)
            client.token = tokens.load()
            defer { tokens.remove() }
            let result = try client.call("logout")
            print(json ? JSONLine.encode(result) : "logged out")
            return ExitStatus.done
        case ("password", "change"):
            try expectOperands(2)
            let current = try passwords.next("Current password")
            let new = try passwords.next("New password")
            if passwordFD == nil, try passwords.next("New password again") != new {
                throw UsageError("the two new passwords differ; nothing was changed")
            }
            op = "password.change"
            fields = ["current_password": current, "new_password": new]
        case ("password", let other):
            throw UsageError("unknown password command '\(other ?? "")': change")
        case ("account", "list"):
            try expectOperands(2)
            op = "account.list"
        case ("account", "create"):
            try expectOperands(3)
            let name = try operand(2, "NAME")
            guard let role else { throw UsageError("account create needs --role staff|manager|representative|program_office") }
            op = "account.create"
            fields = ["name": name, "role": role, "initial_password": try passwords.next("Initial password for \(name)")]
        case ("account", "reset"):
            try expectOperands(3)
            let name = try operand(2, "NAME")
            op = "account.reset"
            fields = ["name": name, "initial_password": try passwords.next("New initial password for \(name)")]
        case ("account", let verb?) where verb == "disable" || verb == "enable":
            try expectOperands(3)
            op = "account.\(verb)"
            fields = ["name": try operand(2, "NAME")]
        case ("account", let other):
            throw UsageError("unknown account command '\(other ?? "")': list, create, reset, disable or enable")
        case ("refund", "search"):
            try expectOperands(2)
            op = "refund.search"
            if let payment { fields["payment"] = payment }
            if let date { fields["date"] = date }
            if let yen = try number(amount, "amount") { fields["amount"] = yen }
            if excludeRefunded { fields["include_refunded"] = false }
        case ("refund", "preview"):
            try expectOperands(3)
            op = "refund.preview"
            fields = ["payment": try operand(2, "PAYMENT")]
        case ("refund", "confirm"):
            try expectOperands(3)
            op = "refund.confirm"
            fields = ["payment": try operand(2, "PAYMENT"), "idempotency_key": key ?? UUID().uuidString.lowercased()]
            if let memo { fields["memo"] = memo }
        case ("refund", let other):
            throw UsageError("unknown refund command '\(other ?? "")': search, preview or confirm")
        case ("program", "list"):
            try expectOperands(2)
            op = "program.list"
        case ("program", "create"):
            try expectOperands(3)
            op = "program.create"
            fields = programFields
            fields["program"] = try operand(2, "CODE")
            if let from = filters["from"] { fields["valid_from"] = from }
            for (field, option) in [
                ("number", "--number"), ("name", "--name"), ("kind", "--kind"), ("unit", "--unit"), ("face_value", "--face-value"),
                ("maximum_per_transaction", "--maximum"), ("valid_from", "--from"), ("valid_until", "--until"),
                ("redemption_deadline", "--deadline"),
            ] where fields[field] == nil {
                throw UsageError("program create needs \(option)")
            }
        case ("issue", "vouchers"):
            try expectOperands(3)
            guard let n = try number(count, "count") else { throw UsageError("issue vouchers needs --count N") }
            op = "issue.vouchers"
            fields = ["program": try operand(2, "PROGRAM"), "count": n]
        case ("issue", "eticket"):
            try expectOperands(3)
            guard let yen = try number(balance, "balance"), let d = try number(days, "days") else {
                throw UsageError("issue eticket needs --balance N and --days D")
            }
            op = "issue.eticket"
            fields = ["program": try operand(2, "PROGRAM"), "balance": yen, "days": d]
        case ("audit", "verify"):
            try expectOperands(2)
            op = "audit.verify"
            if let head { fields["head"] = head }
        case ("audit", "head"), ("ledger", "check"), ("outbox", "status"), ("camera", "status"), ("camera", "restart"),
            ("camera", "list"):
            try expectOperands(2)
            op = "\(operands[0]).\(operands[1])"
        case ("report", let kind?) where ["sales", "usage", "daily", "monthly", "settlement"].contains(kind):
            try expectOperands(2)
            if ["usage", "daily", "monthly"].contains(kind) {
                switch (filters["from"], filters["to"]) {
                case (nil, nil):
                    // The manuals' defaults, in the kiosk's zone: the usage list today, daily totals
                    // the last 31 days, monthly totals the last 3 months.
                    let range = try ReportDefaults.range(for: kind, socket: socket)
                    filters["from"] = range.from
                    filters["to"] = range.to
                case (_?, _?): break
                default:
                    throw UsageError(
                        "report \(kind) needs both --from and --to (\(kind == "monthly" ? "YYYY-MM" : "YYYY-MM-DD")), or neither for \(ReportDefaults.words[kind] ?? "its default range")"
                    )
                }
            }
            op = "report.\(kind)"
            fields = filters
            if kind == "usage" {
                if let program { fields["program"] = program }
                if let payment { fields["payment"] = payment }
                if let yen = try number(amount, "amount") { fields["amount"] = yen }
                if excludeRefunded { fields["include_refunded"] = false }
                if let n = try number(page, "page") { fields["page"] = n }
                if let n = try number(pageSize, "page-size") { fields["page_size"] = n }
            }
            if kind == "settlement" {
                guard let program else { throw UsageError("report settlement needs --program CODE") }
                fields["program"] = program
                if let year { fields["year"] = year }
            }
        case ("report", let other):
            throw UsageError("unknown report '\(other ?? "")': sales, usage, daily, monthly or settlement")
        case ("export", "request"):
            try expectOperands(2)
            guard filters["from"] != nil, filters["to"] != nil else { throw UsageError("export request needs --from and --to (YYYY-MM-DD)") }
            op = "export.request"
            fields = filters
            if let encoding { fields["encoding"] = encoding }
        case ("export", "status"):
            op = "export.status"
            if operands.count > 2 { fields["receipt"] = operands[2] }
            try expectOperands(3)
        case ("export", "fetch"):
            try expectOperands(3)
            guard let output else { throw UsageError("export fetch needs --output FILE") }
            return try fetchExport(socket: socket, token: tokens.load(), receipt: try operand(2, "RECEIPT"), to: output, json: json)
        case ("export", let other):
            throw UsageError("unknown export command '\(other ?? "")': request, status or fetch")
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
            fields = ["session": try operand(2, "SESSION")]
            if let key { fields["idempotency_key"] = key }  // without one, the session's own: a repeat pays nothing more
        case (let kind?, let verb?) where ["merchant", "store", "terminal"].contains(kind):
            let parentName = kind == "store" ? "merchant" : kind == "terminal" ? "store" : nil
            var parent: Any? { parentName == "store" ? storeOption : parentName.flatMap { siteFields[$0] } }
            switch verb {
            case "create":
                try expectOperands(3)
                guard siteFields["name"] != nil else { throw UsageError("\(kind) create needs --name NAME") }
                fields = siteFields.filter { kind == "merchant" || $0.key == "name" }
                fields[kind] = try operand(2, "CODE")
                if let parentName {
                    guard let parent else { throw UsageError("\(kind) create needs --\(parentName) CODE") }
                    fields[parentName] = parent
                }
            case "list":
                try expectOperands(2)
                if let parentName, let parent { fields[parentName] = parent }
            case "change", "disable", "enable":
                try expectOperands(3)
                fields = siteFields.filter { kind == "merchant" ? $0.key != "merchant" : $0.key == "name" }
                fields[kind] = try operand(2, "CODE")
                if verb != "change" { fields["disabled"] = verb == "disable" }
                if verb == "change" && fields.count == 1 {
                    throw UsageError("\(kind) change needs --name\(kind == "merchant" ? ", --representative or --contact" : "")")
                }
            default:
                throw UsageError("unknown \(kind) command '\(verb)': create, list, change, disable or enable")
            }
            op = "\(kind).\(verb == "disable" || verb == "enable" ? "change" : verb)"
        case ("session", "list"):
            try expectOperands(2)
            op = "session.list"
        case ("session", let other):
            throw UsageError("unknown session command '\(other ?? "")': open, present, status, list, settle, confirm or abort")
        case ("balance", _):
            try expectOperands(2)
            op = "balance"
            let code = try operand(1, "CODE")
            fields = ["code": code]
            // 19 digits (spaces and hyphens as printed) can only be a typed code: read it as one.
            let digits = code.filter { $0 != " " && $0 != "-" }
            if typed || (digits.count == 19 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)) { fields["typed"] = true }
        case ("watch", _):
            try expectOperands(1)
            return try watch(socket: socket, token: tokens.load(), json: json)
        default:
            throw UsageError("unknown command '\(operands.joined(separator: " "))'")
        }

        let client = try ControlClient(socketPath: socket)
        client.token = tokens.load()
        let result = try client.call(op, fields)
        if json {
            print(JSONLine.encode(result))
        } else {
            // Times are shown in the kiosk's zone, which status gives (`status` itself carries it).
            // Asked after the operation, so its failure (kioskd just stopped) never hides a result:
            // the times are then shown in this machine's zone.
            let status = op == "status" ? result : (try? client.call("status")) ?? [:]
            if let name = (status as? [String: Any])?["time_zone"] as? String, let zone = TimeZone(identifier: name) {
                DisplayText.timeZone = zone
            }
            print(HumanOutput.render(op: op, result))
        }
        // A check that found a problem did not succeed: scripts and monitoring see it in the status.
        if ["audit.verify", "ledger.check"].contains(op), (result as? [String: Any])?["ok"] as? Bool == false {
            return ExitStatus.refused
        }
        return ExitStatus.done
    }

    /// Saves a finished export piece by piece (kioskd sends at most 512 KiB a reply).
    static func fetchExport(socket: String, token: String?, receipt: String, to path: String, json: Bool) throws -> Int32 {
        let client = try ControlClient(socketPath: socket)
        client.token = token
        var file = Data()
        var offset = 0
        var name = ""
        while true {
            guard let piece = try client.call("export.fetch", ["receipt": receipt, "offset": offset]) as? [String: Any],
                let text = piece["data"] as? String, let bytes = Data(base64Encoded: text)
            else { throw ControlClient.Unreachable(description: "kioskd sent an export piece kioskctl cannot read") }
            name = piece["name"] as? String ?? name
            file.append(bytes)
            guard let next = piece["next_offset"] as? Int else { break }
            offset = next
        }
        guard FileManager.default.createFile(atPath: path, contents: file) else {
            throw UsageError("cannot write \(path)")
        }
        let summary: [String: Any] = ["receipt": receipt, "name": name, "bytes": file.count, "saved_to": path]
        print(json ? JSONLine.encode(summary) : HumanOutput.render(op: "export.fetch", summary))
        return ExitStatus.done
    }

    static func watch(socket: String, token: String?, json: Bool) throws -> Int32 {
        let client = try ControlClient(socketPath: socket)
        client.token = token
        _ = try client.call("events.subscribe")
        while true {
            let event: [String: Any]
            do {
                event = try client.readObject()
            } catch {
                print("kioskd closed the connection (it stopped or restarted); watch ends")
                return ExitStatus.unreachable
            }
            if let refusal = event["error"] as? [String: Any] {  // kioskd's last words before it closes
                print("kioskd: \(refusal["message"] as? String ?? "closing the connection") [\(refusal["code"] as? String ?? "?")]")
                return ExitStatus.unreachable
            }
            if event["event"] as? String == "stopping" {
                print("[stopping] \((event["data"] as? [String: Any])?["message"] as? String ?? "kioskd is stopping")")
                continue
            }
            let kind = event["event"] as? String ?? "event"
            let text = json ? JSONLine.encode(event) : "[\(kind)] " + HumanOutput.render(op: kind, event["data"] ?? NSNull())
            FileHandle.standardOutput.write(Data((text + "\n").utf8))  // unbuffered: a live view
        }
    }
}
