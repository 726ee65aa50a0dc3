import KioskProtocol

/// A daemon command's options and operands, read into the protocol's typed values.
///
/// A missing operand or option, or a number that is not one, is a usage error (exit status 2).
/// A value kioskd would refuse to read (a session id, a day, a program code that is not one) is
/// refused here with kioskd's own `bad_request` (exit status 1), since a typed request cannot
/// carry it; the checks kioskd makes of a well-formed request (ranges, order, rights) stay kioskd's.
struct RequestWords {
    /// `--name value` options by name, without the dashes.
    var options: [String: String]
    /// The words that are not options: the command, its verb and its operands.
    let operands: [String]

    /// kioskd's refusal of a request it cannot read, made here because a typed request cannot carry it.
    static func badRequest(_ detail: String) -> ControlClient.Refusal {
        let error = ControlError.badRequest(detail)
        return ControlClient.Refusal(code: error.code, message: error.message)
    }

    func operand(_ index: Int, _ name: String) throws(UsageError) -> String {
        guard index < operands.count else { throw UsageError("missing \(name)") }
        return operands[index]
    }

    func expectOperands(_ count: Int) throws(UsageError) {
        if operands.count > count { throw UsageError("unexpected '\(operands[count])'") }
    }

    /// `--option` as a whole number, or `nil` when absent.
    func number(_ option: String) throws(UsageError) -> Int64? {
        guard let text = options[option] else { return nil }
        guard let value = Int64(text) else { throw UsageError("--\(option) needs a whole number, not '\(text)'") }
        return value
    }

    /// `--option` as whole yen, or `nil` when absent.
    func yen(_ option: String) throws(UsageError) -> Yen? { try number(option).map { Yen($0) } }

    /// `--option` as a day, or `nil` when absent.
    func day(_ option: String) throws -> LocalDate? {
        guard let text = options[option] else { return nil }
        guard let day = LocalDate(text) else {
            throw Self.badRequest("'\(option)' must be a day as YYYY-MM-DD, not '\(text)'")
        }
        return day
    }

    /// `--from` and `--to` as days (kioskd checks their order).
    func days() throws -> LocalDateRange {
        guard let first = try day("from"), let last = try day("to") else {
            throw UsageError("give both --from and --to (YYYY-MM-DD)")
        }
        return LocalDateRange(first: first, last: last)
    }

    /// `--option` as a month (YYYY-MM).
    func month(_ option: String) throws -> YearMonth {
        let text = options[option] ?? ""
        guard let month = YearMonth(text) else {
            throw Self.badRequest("'\(option)' must be a month as YYYY-MM, not '\(text)'")
        }
        return month
    }

    func program(_ text: String) throws -> ProgramCode {
        guard let code = ProgramCode(text) else { throw Self.badRequest("'\(text)' is not a program code") }
        return code
    }

    func site(_ text: String, _ what: String) throws -> SiteCode {
        guard let code = SiteCode(text) else {
            throw Self.badRequest("'\(text)' is not a \(what) code (1-32 of A-Z, a-z, 0-9, - and _)")
        }
        return code
    }

    func payment(_ text: String) throws -> PaymentID {
        guard let id = PaymentID(text) else {
            throw Self.badRequest("'\(text)' is not a payment id such as P000000000042")
        }
        return id
    }

    func optionalPayment(_ text: String?) throws -> PaymentID? {
        guard let text else { return nil }
        return try payment(text)
    }

    func session(_ text: String) throws -> SessionID {
        guard let id = SessionID(text) else { throw Self.badRequest("'\(text)' is not a session id") }
        return id
    }

    func key(_ text: String) throws -> IdempotencyKey {
        guard let key = IdempotencyKey(text) else {
            throw Self.badRequest("'idempotency_key' must be 1 to 100 printable ASCII characters without spaces")
        }
        return key
    }

    func receipt(_ text: String) throws -> ExportReceipt {
        guard let receipt = ExportReceipt(text) else {
            throw Self.badRequest("'\(text)' is not an export receipt number")
        }
        return receipt
    }

    /// `--store` and `--terminal`.
    func sites() throws -> SiteFilter {
        SiteFilter(
            store: try options["store"].map { text in try site(text, "store") },
            terminal: try options["terminal"].map { text in try site(text, "terminal") }
        )
    }

    /// `program create CODE ...`: every option it needs, or a usage error naming the first missing.
    func programDraft(code: String) throws -> ProgramDraft {
        for (option, name) in [
            ("number", "--number"), ("name", "--name"), ("kind", "--kind"), ("unit", "--unit"),
            ("face-value", "--face-value"),
            ("maximum", "--maximum"), ("from", "--from"), ("until", "--until"), ("deadline", "--deadline"),
        ] where options[option] == nil {
            throw UsageError("program create needs \(name)")
        }
        let kindText = options["kind"] ?? ""
        guard let kind = ProgramKind(rawValue: kindText) else {
            throw Self.badRequest("'kind' must be paper or eticket, not '\(kindText)'")
        }
        if options["schedule"] != nil && options["payout-delay"] != nil {
            throw UsageError("give either --schedule or --payout-delay, not both")
        }
        return ProgramDraft(
            code: try program(code),
            number: Int(try number("number") ?? 0),
            name: options["name"] ?? "",
            kind: kind,
            unit: try yen("unit") ?? .zero,
            faceValue: try yen("face-value") ?? .zero,
            maximumPerTransaction: try yen("maximum") ?? .zero,
            validFrom: try day("from") ?? LocalDate(daysSinceEpoch: 0),
            validUntil: try day("until") ?? LocalDate(daysSinceEpoch: 0),
            redemptionDeadline: try day("deadline") ?? LocalDate(daysSinceEpoch: 0),
            refundHours: try number("refund-hours").map { Int(clamping: $0) },
            payoutDelay: Int(clamping: try number("payout-delay") ?? 10),
            schedule: try options["schedule"].map { path in try SettlementScheduleFile.read(path) }
        )
    }

    /// `merchant|store|terminal create|list|change|disable|enable ...`.
    func siteRequest(kind kindText: String, verb: String) throws -> ControlRequest {
        let kind: SiteKind = kindText == "merchant" ? .merchant : kindText == "store" ? .store : .terminal
        // A store's merchant is --merchant; a terminal's store is --store.
        let parentOption: String? =
            switch kind {
            case .merchant: nil
            case .store: "merchant"
            case .terminal: "store"
            }
        let parent = try parentOption.flatMap { option in
            try options[option].map { text in try site(text, option) }
        }
        switch verb {
        case "create":
            try expectOperands(3)
            guard let name = options["name"] else { throw UsageError("\(kindText) create needs --name NAME") }
            let code = try site(try operand(2, "CODE"), kindText)
            if let parentOption, parent == nil { throw UsageError("\(kindText) create needs --\(parentOption) CODE") }
            return .createSite(
                SiteDraft(
                    kind: kind,
                    code: code,
                    parent: parent,
                    name: name,
                    representative: kind == .merchant ? options["representative"] ?? "" : "",
                    contact: kind == .merchant ? options["contact"] ?? "" : ""
                )
            )
        case "list":
            try expectOperands(2)
            return .listSites(kind, parent: parent)
        case "change", "disable", "enable":
            try expectOperands(3)
            let code = try site(try operand(2, "CODE"), kindText)
            var change = SiteChange(name: options["name"], disabled: verb == "change" ? nil : verb == "disable")
            if kind == .merchant {
                change.representative = options["representative"]
                change.contact = options["contact"]
            }
            if verb == "change" && change == SiteChange() {
                throw UsageError(
                    "\(kindText) change needs --name\(kind == .merchant ? ", --representative or --contact" : "")"
                )
            }
            return .changeSite(kind, code, change)
        default:
            throw UsageError("unknown \(kindText) command '\(verb)': create, list, change, disable or enable")
        }
    }
}
