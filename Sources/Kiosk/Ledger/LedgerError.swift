/// Everything that can go wrong in codes, sessions, the ledger, refunds, the audit log and the outbox.
///
/// Each case has a stable ``code`` for the wire and kioskctl's exit status, and a ``message`` an
/// operator can act on. A request that fails with any of these has changed nothing.
public enum LedgerError: Error, Hashable, Sendable {
    // Amounts and programs
    /// The amount is zero or negative.
    case amountNotPositive(Yen)
    /// The amount is not a multiple of the program's unit.
    case amountNotMultipleOfUnit(Yen, unit: Yen)
    /// The amount is over the program's per-transaction maximum.
    case amountOverMaximum(Yen, maximum: Yen)
    /// No program has this code.
    case unknownProgram(ProgramCode)
    /// A program's terms are inconsistent.
    case invalidProgram(field: String, reason: String)
    /// The program is not open for redemption at this time.
    case programNotActive(ProgramCode, from: Timestamp, until: Timestamp)
    /// A text field (name, memo) is empty, too long or has control characters.
    case invalidText(field: String, reason: String)
    /// An issuance request is out of bounds.
    case invalidIssuance(reason: String)

    // Codes
    /// The text is not a code of any version we know.
    case malformedCode(reason: String)
    /// The code's keyed check failed: it was not issued for this program or was edited.
    case codeCheckFailed
    /// A typed code's check digit is wrong: a typing error.
    case typedCodeCheckDigitWrong
    /// This terminal or this login typed too many wrong codes; typing is locked for a while.
    case typedCodeRateLimited(scope: TypedCodeScope, until: Timestamp)
    /// A rotating e-ticket code is older than the tolerance: a screenshot or a stale screen.
    case eTicketCodeStale(ageSeconds: Int64)
    /// A rotating e-ticket code is from the future: the phone's clock is wrong.
    case eTicketCodeFromFuture(aheadSeconds: Int64)
    /// The code passed its check but its program has no key loaded.
    case noKeyForProgram(ProgramCode)

    // Vouchers and e-tickets
    /// No voucher or e-ticket with this reference exists in the ledger.
    case unknownCode(CodeReference)
    /// The voucher was already used.
    case voucherAlreadySpent(CodeReference, payment: PaymentID)
    /// The e-ticket is past its expiry.
    case eTicketExpired(CodeReference, expiry: Timestamp)
    /// The e-ticket's balance is zero.
    case eTicketEmpty(CodeReference)
    /// Another open session holds the code.
    case codeHeldElsewhere(CodeReference)
    /// The code belongs to another program than the session's.
    case wrongProgram(CodeReference, session: ProgramCode)
    /// A paper voucher worth more than what is still missing (no change is given).
    case voucherExceedsAmount(CodeReference, faceValue: Yen, missing: Yen)

    // Sessions
    /// No session has this identifier (never opened, or already forgotten).
    case unknownSession(SessionID)
    /// The session is not known any more (kioskd restarted, or it closed long ago) and no payment
    /// was made in it: the outcome a POS needs after a crash.
    case sessionGone(SessionID)
    /// The terminal has a session open; it must be confirmed, settled or aborted first.
    case sessionAlreadyOpen(terminal: SiteCode, session: SessionID)
    /// The session's state does not allow this step.
    case invalidTransition(SessionID, state: String, action: String)
    /// The session was idle too long and released its codes.
    case sessionExpired(SessionID)
    /// "Settle what was read" with nothing read.
    case nothingToSettle(SessionID)
    /// A held code was released before confirmation (a restart, or expiry).
    case holdLost(CodeReference)

    // Payments and refunds
    /// The idempotency key was used before for a different request.
    case idempotencyKeyReused(IdempotencyKey)
    /// No payment has this number.
    case unknownPayment(PaymentID)
    /// The payment was refunded already.
    case alreadyRefunded(PaymentID, refund: RefundID)
    /// The refund window of the payment's program has closed; the program office may still refund.
    case refundWindowClosed(PaymentID, closedAt: Timestamp)
    /// A search needs at least one of payment id, date or amount, or its range is wrong.
    case invalidQuery(reason: String)

    // Reports and export
    /// A report was asked for a longer range than it covers; the message names the limit.
    case reportRangeTooLong(report: String, maximum: String, requested: String)
    /// No export has this receipt number (never made, or deleted after its retention time).
    case unknownExport(ExportReceipt)
    /// The export is still being made.
    case exportNotReady(ExportReceipt, percent: Int)
    /// The export file could not be written or read.
    case exportFile(path: String, reason: String)
    /// A character of the export has no code in the chosen encoding (Shift_JIS holds no "①").
    case unencodableCharacter(row: Int, column: String, character: String, encoding: String)

    // Sites
    /// No merchant, store or terminal has this code.
    case unknownSite(kind: String, code: SiteCode)
    /// Something with this key exists already.
    case duplicate(kind: String, key: String)
    /// The terminal, its store or its merchant is disabled: no new session opens there.
    case siteDisabled(kind: String, code: SiteCode, since: Timestamp)

    // Storage
    /// The ledger file was written by a newer version of kioskd.
    case schemaTooNew(found: Int, supported: Int)
    /// The storage engine failed (disk full, I/O error, locked past the busy timeout).
    case storage(operation: String, code: Int32, message: String)
    /// A stored row breaks an invariant the code relies on.
    case corrupt(reason: String)
    /// The ledger file fails the storage engine's own check: it takes no payment.
    case damaged(path: String, check: String)
    /// kioskd cannot write the ledger file (owner, mode, a read-only disk): found at start.
    case notWritable(path: String, reason: String)
    /// The database server refused a statement (PostgreSQL's SQLSTATE and message).
    case server(operation: String, sqlState: String, message: String)
    /// The shared ledger's server cannot be reached; nothing was changed.
    case unreachable(reason: String)
    /// The connection to the shared ledger broke while a change was being committed: it may or
    /// may not be recorded. Repeating the same request (same idempotency key) records it once.
    case outcomeUnknown(reason: String)

    /// The stable code sent on the wire and mapped to kioskctl's exit status by one table.
    ///
    /// Never rename one.
    public var code: String {
        switch self {
        case .amountNotPositive: "amount_not_positive"
        case .amountNotMultipleOfUnit: "amount_not_multiple_of_unit"
        case .amountOverMaximum: "amount_over_maximum"
        case .unknownProgram: "unknown_program"
        case .invalidProgram: "invalid_program"
        case .programNotActive: "program_not_active"
        case .invalidText: "invalid_text"
        case .invalidIssuance: "invalid_issuance"
        case .malformedCode: "malformed_code"
        case .codeCheckFailed: "code_check_failed"
        case .typedCodeCheckDigitWrong: "typed_code_check_digit_wrong"
        case .typedCodeRateLimited: "typed_code_rate_limited"
        case .eTicketCodeStale: "eticket_code_stale"
        case .eTicketCodeFromFuture: "eticket_code_from_future"
        case .noKeyForProgram: "no_key_for_program"
        case .unknownCode: "unknown_code"
        case .voucherAlreadySpent: "voucher_already_spent"
        case .eTicketExpired: "eticket_expired"
        case .eTicketEmpty: "eticket_empty"
        case .codeHeldElsewhere: "code_held_elsewhere"
        case .wrongProgram: "wrong_program"
        case .voucherExceedsAmount: "voucher_exceeds_amount"
        case .unknownSession: "unknown_session"
        case .sessionGone: "session_gone"
        case .sessionAlreadyOpen: "session_already_open"
        case .invalidTransition: "invalid_transition"
        case .sessionExpired: "session_expired"
        case .nothingToSettle: "nothing_to_settle"
        case .holdLost: "hold_lost"
        case .idempotencyKeyReused: "idempotency_key_reused"
        case .unknownPayment: "unknown_payment"
        case .alreadyRefunded: "already_refunded"
        case .refundWindowClosed: "refund_window_closed"
        case .invalidQuery: "invalid_query"
        case .reportRangeTooLong: "report_range_too_long"
        case .unknownExport: "unknown_export"
        case .exportNotReady: "export_not_ready"
        case .exportFile: "export_file"
        case .unencodableCharacter: "unencodable_character"
        case .unknownSite: "unknown_site"
        case .duplicate: "duplicate"
        case .siteDisabled: "site_disabled"
        case .schemaTooNew: "ledger_schema_too_new"
        case .storage: "ledger_storage"
        case .corrupt: "ledger_corrupt"
        case .damaged: "ledger_damaged"
        case .notWritable: "ledger_not_writable"
        case .server: "ledger_server"
        case .unreachable: "ledger_unreachable"
        case .outcomeUnknown: "ledger_outcome_unknown"
        }
    }

    /// One sentence for the operator, saying what was wrong and, where it helps, the rule.
    public var message: String {
        switch self {
        case .amountNotPositive(let amount): "The amount must be more than 0 yen; got \(amount)."
        case .amountNotMultipleOfUnit(let amount, let unit):
            "The amount must be a multiple of \(unit); \(amount) is not."
        case .amountOverMaximum(let amount, let maximum):
            "One transaction may take at most \(maximum); \(amount) is over it."
        case .unknownProgram(let program): "No program has the code \(program)."
        case .invalidProgram(let field, let reason): "The program's \(field) is wrong: \(reason)."
        case .programNotActive(let program, let from, let until):
            "Program \(program) redeems from \(from) until \(until) (UTC), not now."
        case .invalidText(let field, let reason): "The \(field) is not acceptable: \(reason)."
        case .invalidIssuance(let reason): "Cannot issue: \(reason)."
        case .malformedCode(let reason): "This is not a voucher or e-ticket code: \(reason)."
        case .codeCheckFailed: "The code's security check failed: it is forged, edited or of another issuer."
        case .typedCodeCheckDigitWrong: "The typed code has a typing error (its check digit is wrong); type it again."
        case .typedCodeRateLimited(let scope, let until):
            "Too many wrong typed codes by \(scope); typing is locked until \(until) (UTC). Scanning the QR code still works."
        case .eTicketCodeStale(let age):
            "This e-ticket code is \(age) seconds old (a screenshot?); show the live code on the phone."
        case .eTicketCodeFromFuture(let ahead):
            "This e-ticket code is \(ahead) seconds ahead of the kiosk's clock; check the phone's clock."
        case .noKeyForProgram(let program): "No secret is loaded for program \(program); check the secrets file."
        case .unknownCode(let reference): "The ledger has no \(reference)."
        case .voucherAlreadySpent(let reference, let payment): "\(reference) was already used in payment \(payment)."
        case .eTicketExpired(let reference, let expiry): "\(reference) expired at \(expiry) (UTC)."
        case .eTicketEmpty(let reference): "\(reference) has no balance left."
        case .codeHeldElsewhere(let reference): "\(reference) is being used in another open session."
        case .wrongProgram(let reference, let program):
            "\(reference) belongs to another program than this session's (\(program))."
        case .voucherExceedsAmount(let reference, let face, let missing):
            "\(reference) is worth \(face) but only \(missing) is missing; no change is given."
        case .unknownSession(let id): "No open session has the id \(id)."
        case .sessionGone(let id):
            "Session \(id) is no longer open (kioskd restarted, or it closed over an hour ago) and nothing was paid in it; open a new session."
        case .sessionAlreadyOpen(let terminal, let session):
            "Terminal \(terminal) already has session \(session) open; confirm, settle or abort it first (kioskctl session list)."
        case .invalidTransition(let id, let state, let action): "Session \(id) is \(state); cannot \(action)."
        case .sessionExpired(let id): "Session \(id) was idle too long and has expired; its codes were released."
        case .nothingToSettle(let id): "Session \(id) has read nothing yet; there is nothing to settle."
        case .holdLost(let reference):
            "\(reference) is no longer held by this session (the kiosk restarted or the session expired)."
        case .idempotencyKeyReused(let key): "The idempotency key \(key) was already used for a different request."
        case .unknownPayment(let id): "No payment has the id \(id)."
        case .alreadyRefunded(let payment, let refund): "Payment \(payment) was already refunded (refund \(refund))."
        case .refundWindowClosed(let payment, let closedAt):
            "The refund window of payment \(payment) closed at \(closedAt) (UTC); only the program office may refund it."
        case .invalidQuery(let reason): "The search is not valid: \(reason)."
        case .reportRangeTooLong(let report, let maximum, let requested):
            "\(report) may cover at most \(maximum); \(requested) is longer. Ask for a shorter range."
        case .unknownExport(let receipt):
            "No export has the receipt number \(receipt); finished exports are deleted after their keeping time."
        case .exportNotReady(let receipt, let percent):
            "Export \(receipt) is still being made (\(percent)% done); fetch it again later."
        case .exportFile(let path, let reason): "The export file \(path) failed: \(reason)."
        case .unencodableCharacter(let row, let column, let character, let encoding):
            "Row \(row), column \(column) holds \(character), which \(encoding) cannot hold; export in UTF-8 or change the text."
        case .unknownSite(let kind, let code): "No \(kind) has the code \(code)."
        case .duplicate(let kind, let key): "A \(kind) \(key) exists already."
        case .siteDisabled(let kind, let code, let since):
            "The \(kind) \(code) is disabled (since \(since)); no session opens there until the program office or its representative enables it."
        case .schemaTooNew(let found, let supported):
            "The ledger file has schema version \(found); this kioskd knows up to \(supported). Upgrade kioskd."
        case .storage(let operation, let code, let message):
            "The ledger failed to \(operation) (SQLite \(code): \(message))."
        case .corrupt(let reason): "The ledger is inconsistent: \(reason)."
        case .damaged(let path, let check):
            "The ledger file \(path) is damaged (SQLite's check says: \(check)); kioskd takes no payment on it. Restore the last backup (docs/ledger.md)."
        case .notWritable(let path, let reason):
            "kioskd cannot write the ledger file \(path) (\(reason)); give kioskd's user write access to the file and its directory (SQLite creates its -wal and -shm files beside it)."
        case .server(let operation, let sqlState, let message):
            "The shared ledger failed to \(operation) (PostgreSQL \(sqlState): \(message))."
        case .unreachable(let reason):
            "The shared ledger cannot be reached (\(reason)); nothing was changed. Try again when it is back."
        case .outcomeUnknown(let reason):
            "The connection to the shared ledger broke while the change was being saved (\(reason)); it may or may not be recorded. Repeat the same request: it is recorded once."
        }
    }
}

extension LedgerError: CustomStringConvertible {
    /// The operator's message and the stable code, as logs and consoles show an error.
    public var description: String { "\(message) [\(code)]" }
}
