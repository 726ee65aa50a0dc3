import Foundation
import KioskProtocol

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
          issue vouchers PROGRAM --count N        issue N paper vouchers; prints the receipt of
                                                  their printable sheet (PROGRAM:FIRST-LAST)
          issue sheet RECEIPT --output DIR        save the sheet's A4 pages (SVG, 15 vouchers a page,
                                                  with cut marks) in DIR, as often as needed
          issue eticket PROGRAM --balance N --days D
                                                  issue one e-ticket of N yen valid for D days; shows
                                                  its ticket key once, for the holder's phone app
                                                  (kioskctl eticket code draws its codes)
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
        "socket", "program", "amount", "key", "password-fd", "role", "payment", "date", "memo", "count", "balance",
        "days",
        "from", "to", "store", "terminal", "page", "page-size", "encoding", "output", "number", "name", "kind", "unit",
        "face-value", "maximum", "until", "deadline", "refund-hours", "payout-delay", "head", "merchant",
        "representative",
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
        let excludeRefunded = try arguments.flag("exclude-refunded")
        let passwordFD = try arguments.value("password-fd").map { text throws(UsageError) -> Int32 in
            guard let fd = Int32(text), fd >= 0 else {
                throw UsageError("--password-fd needs a file descriptor number")
            }
            return fd
        }
        var options: [String: String] = [:]
        for name in valueOptions where name != "socket" && name != "password-fd" {
            if let value = arguments.value(name) { options[name] = value }
        }
        try arguments.finish()
        let operands = arguments.operands
        var words = RequestWords(options: options, operands: operands)

        let tokens = TokenStore(socketPath: socket)
        var passwords = try PasswordInput(fd: passwordFD)
        let request: ControlRequest
        switch (operands.first, operands.dropFirst().first) {
        case ("login", _):
            try words.expectOperands(2)
            let name = try words.operand(1, "NAME")
            // Asked before connecting: kioskd closes a connection that has not logged in after
            // [limits] login_idle_timeout, which a person typing a password may well pass.
            let password = try passwords.next("Password for \(name)")
            let client = try ControlClient(socketPath: socket)
            guard case .login(let login) = try client.call(.login(name: name, password: password)) else {
                throw ControlClient.Unreachable(description: "kioskd answered the login without a token")
            }
            try tokens.save(login.token)
            var shown = TableValue.of(login).fields
            shown["token"] = nil
            print(json ? JSONLine.encode(TableValue.object(shown)) : HumanOutput.fields(shown))
            return ExitStatus.done
        case ("logout", _):
            try words.expectOperands(1)
            let client = try ControlClient(socketPath: socket)
            client.token = tokens.load()
            defer { tokens.remove() }
            let result = try client.call(.logout)
            print(json ? JSONLine.encode(result) : "logged out")
            return ExitStatus.done
        case ("password", "change"):
            try words.expectOperands(2)
            let current = try passwords.next("Current password")
            let new = try passwords.next("New password")
            if passwordFD == nil, try passwords.next("New password again") != new {
                throw UsageError("the two new passwords differ; nothing was changed")
            }
            request = .changePassword(current: current, new: new)
        case ("password", let other):
            throw UsageError("unknown password command '\(other ?? "")': change")
        case ("account", "list"):
            try words.expectOperands(2)
            request = .listAccounts
        case ("account", "create"):
            try words.expectOperands(3)
            let name = try words.operand(2, "NAME")
            guard let roleText = options["role"] else {
                throw UsageError("account create needs --role staff|manager|representative|program_office")
            }
            guard let role = Role(rawValue: roleText) else {
                throw RequestWords.badRequest(
                    "'role' must be staff, manager, representative or program_office, not '\(roleText)'"
                )
            }
            request = .createAccount(
                name: name,
                role: role,
                initialPassword: try passwords.next("Initial password for \(name)")
            )
        case ("account", "reset"):
            try words.expectOperands(3)
            let name = try words.operand(2, "NAME")
            request = .resetPassword(
                name: name,
                initialPassword: try passwords.next("New initial password for \(name)")
            )
        case ("account", let verb?) where verb == "disable" || verb == "enable":
            try words.expectOperands(3)
            request = .setAccountDisabled(name: try words.operand(2, "NAME"), disabled: verb == "disable")
        case ("account", let other):
            throw UsageError("unknown account command '\(other ?? "")': list, create, reset, disable or enable")
        case ("refund", "search"):
            try words.expectOperands(2)
            request = .findPayments(
                PaymentQuery(
                    id: try words.optionalPayment(options["payment"]),
                    date: try words.day("date"),
                    amount: try words.yen("amount"),
                    includeRefunded: !excludeRefunded
                )
            )
        case ("refund", "preview"):
            try words.expectOperands(3)
            request = .refundPreview(try words.payment(try words.operand(2, "PAYMENT")))
        case ("refund", "confirm"):
            try words.expectOperands(3)
            request = .refund(
                payment: try words.payment(try words.operand(2, "PAYMENT")),
                idempotencyKey: try words.key(options["key"] ?? UUID().uuidString.lowercased()),
                memo: options["memo"] ?? ""
            )
        case ("refund", let other):
            throw UsageError("unknown refund command '\(other ?? "")': search, preview or confirm")
        case ("program", "list"):
            try words.expectOperands(2)
            request = .listPrograms
        case ("program", "create"):
            try words.expectOperands(3)
            request = .createProgram(try words.programDraft(code: try words.operand(2, "CODE")))
        case ("issue", "vouchers"):
            try words.expectOperands(3)
            guard let count = try words.number("count") else { throw UsageError("issue vouchers needs --count N") }
            request = .issueVouchers(program: try words.program(try words.operand(2, "PROGRAM")), count: Int(count))
        case ("issue", "sheet"):
            try words.expectOperands(3)
            guard let output = options["output"] else { throw UsageError("issue sheet needs --output DIR") }
            let receipt = try words.operand(2, "RECEIPT")
            guard let sheet = SheetReceipt(receipt) else {
                throw RequestWords.badRequest("'sheet' must be a sheet receipt such as KOMATSU27:11-25, not '\(receipt)'")
            }
            return try fetchSheet(socket: socket, token: tokens.load(), receipt: sheet, to: output, json: json)
        case ("issue", "eticket"):
            try words.expectOperands(3)
            guard let balance = try words.yen("balance"), let days = try words.number("days") else {
                throw UsageError("issue eticket needs --balance N and --days D")
            }
            request = .issueETicket(
                program: try words.program(try words.operand(2, "PROGRAM")),
                balance: balance,
                days: Int(days)
            )
        case ("audit", "verify"):
            try words.expectOperands(2)
            request = .verifyAudit(
                head: try options["head"].map { text in
                    guard let head = AuditCheckpoint(text) else {
                        throw RequestWords.badRequest(
                            "'head' must be an audit head as 'audit.head' gives it: SEQUENCE:HASH (64 hex digits)"
                        )
                    }
                    return head
                }
            )
        case ("audit", "head"):
            try words.expectOperands(2)
            request = .auditHead
        case ("ledger", "check"):
            try words.expectOperands(2)
            request = .checkLedger
        case ("outbox", "status"):
            try words.expectOperands(2)
            request = .outboxStatus
        case ("camera", "status"):
            try words.expectOperands(2)
            request = .cameraStatus
        case ("camera", "restart"):
            try words.expectOperands(2)
            request = .cameraRestart
        case ("camera", "list"):
            try words.expectOperands(2)
            request = .cameraList
        case ("report", let kind?) where ["sales", "usage", "daily", "monthly", "settlement"].contains(kind):
            try words.expectOperands(2)
            if ["usage", "daily", "monthly"].contains(kind) {
                switch (options["from"], options["to"]) {
                case (nil, nil):
                    // The manuals' defaults, in the kiosk's zone: the usage list today, daily totals
                    // the last 31 days, monthly totals the last 3 months.
                    let range = try ReportDefaults.range(for: kind, socket: socket)
                    words.options["from"] = range.from
                    words.options["to"] = range.to
                case (_?, _?): break
                default:
                    throw UsageError(
                        "report \(kind) needs both --from and --to (\(kind == "monthly" ? "YYYY-MM" : "YYYY-MM-DD")), or neither for \(ReportDefaults.words[kind] ?? "its default range")"
                    )
                }
            }
            let sites = try words.sites()
            switch kind {
            case "usage":
                request = .usageReport(
                    UsageQuery(
                        days: try words.days(),
                        sites: sites,
                        program: try options["program"].map { text in try words.program(text) },
                        payment: try words.optionalPayment(options["payment"]),
                        amount: try words.yen("amount"),
                        includeRefunded: !excludeRefunded,
                        page: Int(try words.number("page") ?? 1),
                        pageSize: Int(try words.number("page-size") ?? Int64(ReportLimits.defaultPageSize))
                    )
                )
            case "daily":
                request = .dailyTotals(DailyTotalsQuery(days: try words.days(), sites: sites))
            case "monthly":
                request = .monthlyTotals(
                    MonthlyTotalsQuery(first: try words.month("from"), last: try words.month("to"), sites: sites)
                )
            case "sales":
                switch (options["from"], options["to"]) {
                case (nil, nil): request = .salesSummary(SalesQuery(days: nil, sites: sites))
                case (_?, _?): request = .salesSummary(SalesQuery(days: try words.days(), sites: sites))
                default:
                    throw UsageError(
                        "report sales needs both --from and --to (YYYY-MM-DD), or neither for the last 7 days"
                    )
                }
            default:
                guard let program = options["program"] else {
                    throw UsageError("report settlement needs --program CODE")
                }
                request = .settlementList(
                    SettlementQuery(
                        program: try words.program(program),
                        sites: sites,
                        year: try words.number("year").map { Int(clamping: $0) }
                    )
                )
            }
        case ("report", let other):
            throw UsageError("unknown report '\(other ?? "")': sales, usage, daily, monthly or settlement")
        case ("export", "request"):
            try words.expectOperands(2)
            guard options["from"] != nil, options["to"] != nil else {
                throw UsageError("export request needs --from and --to (YYYY-MM-DD)")
            }
            let encodingText = options["encoding"] ?? ExportEncoding.utf8.rawValue
            guard let encoding = ExportEncoding(rawValue: encodingText) else {
                let names = ExportEncoding.allCases.map(\.rawValue).joined(separator: ", ")
                throw RequestWords.badRequest("'encoding' must be one of \(names), not '\(encodingText)'")
            }
            request = .exportRequest(days: try words.days(), store: try words.sites().store, encoding: encoding)
        case ("export", "status"):
            try words.expectOperands(3)
            request = .exportStatus(operands.count > 2 ? try words.receipt(operands[2]) : nil)
        case ("export", "fetch"):
            try words.expectOperands(3)
            guard let output = options["output"] else { throw UsageError("export fetch needs --output FILE") }
            let receipt = try words.receipt(try words.operand(2, "RECEIPT"))
            return try fetchExport(socket: socket, token: tokens.load(), receipt: receipt, to: output, json: json)
        case ("export", let other):
            throw UsageError("unknown export command '\(other ?? "")': request, status or fetch")
        case ("status", _):
            try words.expectOperands(1)
            request = .status
        case ("session", "open"):
            try words.expectOperands(2)
            guard let program = options["program"] else { throw UsageError("session open needs --program CODE") }
            guard let amount = options["amount"].flatMap({ Int64($0) }) else {
                throw UsageError("session open needs --amount N (whole yen)")
            }
            request = .openSession(program: try words.program(program), amount: Yen(amount))
        case ("session", "present"):
            try words.expectOperands(4)
            let session = try words.session(try words.operand(2, "SESSION"))
            let code = try words.operand(3, "CODE")
            request = .present(session: session, code: typed ? .typed(code) : .scanned(code))
        case ("session", "status"):
            try words.expectOperands(3)
            request = .sessionStatus(try words.session(try words.operand(2, "SESSION")))
        case ("session", "settle"):
            try words.expectOperands(3)
            request = .settle(try words.session(try words.operand(2, "SESSION")))
        case ("session", "abort"):
            try words.expectOperands(3)
            request = .abort(try words.session(try words.operand(2, "SESSION")))
        case ("session", "confirm"):
            try words.expectOperands(3)
            // Without a key, the session's own: a repeat pays nothing more.
            request = .confirm(
                session: try words.session(try words.operand(2, "SESSION")),
                idempotencyKey: try options["key"].map { text in try words.key(text) }
            )
        case (let kind?, let verb?) where ["merchant", "store", "terminal"].contains(kind):
            request = try words.siteRequest(kind: kind, verb: verb)
        case ("session", "list"):
            try words.expectOperands(2)
            request = .listSessions
        case ("session", let other):
            throw UsageError(
                "unknown session command '\(other ?? "")': open, present, status, list, settle, confirm or abort"
            )
        case ("balance", _):
            try words.expectOperands(2)
            let code = try words.operand(1, "CODE")
            // 19 digits (spaces and hyphens as printed) can only be a typed code: read it as one.
            let digits = code.filter { $0 != " " && $0 != "-" }
            let looksTyped = digits.count == 19 && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            request = .balance(typed || looksTyped ? .typed(code) : .scanned(code))
        case ("watch", _):
            try words.expectOperands(1)
            return try watch(socket: socket, token: tokens.load(), json: json)
        default:
            throw UsageError("unknown command '\(operands.joined(separator: " "))'")
        }

        let client = try ControlClient(socketPath: socket)
        client.token = tokens.load()
        let result = try client.call(request)
        if json {
            print(JSONLine.encode(result))
        } else {
            // Times are shown in the kiosk's zone, which status gives (`status` itself carries it).
            // Asked after the operation, so its failure (kioskd just stopped) never hides a result:
            // the times are then shown in this machine's zone.
            let status = if case .status = result { result } else { try? client.call(.status) }
            if case .status(let view)? = status, let zone = TimeZone(identifier: view.timeZone) {
                DisplayText.timeZone = zone
            }
            print(HumanOutput.render(result))
        }
        // A check that found a problem did not succeed: scripts and monitoring see it in the status.
        switch result {
        case .audit(let view) where !view.ok: return ExitStatus.refused
        case .ledgerCheck(let view) where !view.ok: return ExitStatus.refused
        default: return ExitStatus.done
        }
    }

    /// What `export fetch` saved, as it prints it.
    struct ExportSaved: Encodable {
        let receipt: String
        let name: String
        let bytes: Int
        let savedTo: String

        enum CodingKeys: String, CodingKey {
            case receipt, name, bytes
            case savedTo = "saved_to"
        }
    }

    /// Saves a finished export piece by piece (kioskd sends at most 512 KiB a reply).
    static func fetchExport(
        socket: String,
        token: String?,
        receipt: ExportReceipt,
        to path: String,
        json: Bool
    ) throws -> Int32 {
        let client = try ControlClient(socketPath: socket)
        client.token = token
        var file = Data()
        var offset = 0
        var name = ""
        while true {
            guard case .exportChunk(let piece) = try client.call(.exportFetch(receipt, offset: offset)),
                let bytes = Data(base64Encoded: piece.data)
            else { throw ControlClient.Unreachable(description: "kioskd sent an export piece kioskctl cannot read") }
            name = piece.name
            file.append(bytes)
            guard let next = piece.nextOffset else { break }
            offset = next
        }
        guard FileManager.default.createFile(atPath: path, contents: file) else {
            throw UsageError("cannot write \(path)")
        }
        let summary = ExportSaved(receipt: receipt.description, name: name, bytes: file.count, savedTo: path)
        print(json ? JSONLine.encode(summary) : HumanOutput.fields(TableValue.of(summary).fields))
        return ExitStatus.done
    }

    /// What `issue sheet` saved, as `--json` prints it.
    struct SheetSaved: Encodable {
        let sheet: String
        let pages: Int
        let savedTo: [String]

        enum CodingKeys: String, CodingKey {
            case sheet, pages
            case savedTo = "saved_to"
        }
    }

    /// Saves every page of a voucher sheet as `DIR/PROGRAM-FIRST-LAST-pN.svg`.
    static func fetchSheet(socket: String, token: String?, receipt: SheetReceipt, to directory: String, json: Bool) throws -> Int32 {
        let client = try ControlClient(socketPath: socket)
        client.token = token
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("--output \(directory) is not a directory")
        }
        var saved: [String] = []
        var page = 1
        var pages = 1
        while page <= pages {
            guard case .sheetPage(let reply) = try client.call(.voucherSheet(receipt, page: page)) else {
                throw ControlClient.Unreachable(description: "kioskd sent a sheet page kioskctl cannot read")
            }
            pages = reply.pages
            let name = receipt.description.replacingOccurrences(of: ":", with: "-") + "-p\(page).svg"
            let path = directory + "/" + name
            guard FileManager.default.createFile(atPath: path, contents: Data(reply.svg.utf8)) else {
                throw UsageError("cannot write \(path)")
            }
            saved.append(path)
            page += 1
        }
        if json {
            print(JSONLine.encode(SheetSaved(sheet: receipt.description, pages: saved.count, savedTo: saved)))
        } else {
            print("sheet \(receipt): \(saved.count) page(s) saved")
            for path in saved { print("  \(path)") }
        }
        return ExitStatus.done
    }

    static func watch(socket: String, token: String?, json: Bool) throws -> Int32 {
        let client = try ControlClient(socketPath: socket)
        client.token = token
        _ = try client.call(.subscribe)
        while true {
            let line: ControlEventLine
            do {
                line = try client.readEvent()
            } catch {
                print("kioskd closed the connection (it stopped or restarted); watch ends")
                return ExitStatus.unreachable
            }
            switch line {
            case .closing(let refusal):  // kioskd's last words before it closes
                print("kioskd: \(refusal.message) [\(refusal.code)]")
                return ExitStatus.unreachable
            case .event(.stopping(let stopping)):
                print("[stopping] \(stopping.message)")
            case .event(let event):
                let text = json ? JSONLine.encode(event) : "[\(event.kind.rawValue)] " + HumanOutput.render(event)
                FileHandle.standardOutput.write(Data((text + "\n").utf8))  // unbuffered: a live view
            }
        }
    }
}
