import Foundation
import KioskProtocol

/// The kioskctl commands that talk to a running kioskd over its control socket.
enum DaemonCommands {
    /// The value options of every daemon command (``CommandHelp/all`` names each command's).
    static let valueOptions = CommandHelp.valueOptions

    static func run(_ words: [String]) throws -> Int32 {
        var arguments = try ArgumentList(words, valueOptions: valueOptions)
        // The command's entry names the options it takes; any other is left over for finish()
        // to refuse. Words that name no command take every option, and the switch below
        // refuses the command itself.
        let command = CommandHelp.command(for: arguments.operands)
        func takes(_ name: String) -> Bool { command?.takes(name) ?? true }
        if try arguments.flag("help") {
            return try help(for: arguments.operands, command: command)
        }
        let json = try arguments.flag("json")
        let socket = arguments.value("socket") ?? ControlClient.defaultSocketPath
        let typed = takes("typed") ? try arguments.flag("typed") : false
        let excludeRefunded = takes("exclude-refunded") ? try arguments.flag("exclude-refunded") : false
        let passwordFDText = takes("password-fd") ? arguments.value("password-fd") : nil
        var options: [String: String] = [:]
        for name in valueOptions where name != "socket" && name != "password-fd" && takes(name) {
            if let value = arguments.value(name) { options[name] = value }
        }
        try arguments.finish(command: command?.name)
        let passwordFD = try passwordFDText.map { text throws(UsageError) -> Int32 in
            guard let fd = Int32(text), fd >= 0 else {
                throw UsageError("--password-fd needs a file descriptor number")
            }
            return fd
        }
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
        // A check that found a problem did not succeed, and a search that found nothing (a page past
        // the last) found nothing: scripts and monitoring see both in the status.
        switch result {
        case .audit(let view) where !view.ok: return ExitStatus.refused
        case .ledgerCheck(let view) where !view.ok: return ExitStatus.refused
        case .usage(let view) where view.rows.isEmpty: return ExitStatus.refused
        case .payments(let views) where views.isEmpty: return ExitStatus.refused
        default: return ExitStatus.done
        }
    }

    /// `kioskctl WORDS --help`: the command's page, a group's list (`kioskctl session --help`), or
    /// without a command the index; words that name no command are a usage error.
    static func help(for operands: [String], command: CommandHelp?) throws(UsageError) -> Int32 {
        if let command {
            print(command.page)
        } else if operands.isEmpty {
            print(CommandHelp.index)
        } else if operands.count == 1, let group = CommandHelp.group(operands[0]) {
            print(group)
        } else {
            throw UsageError("unknown command '\(operands.prefix(2).joined(separator: " "))'")
        }
        return ExitStatus.done
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
