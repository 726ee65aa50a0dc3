import Kiosk

/// Why a code held under the camera was not taken, in the customer's words.
///
/// Many ledger errors meet in few reasons: a customer needs to know what to do (take another
/// voucher, open the app again, call staff), not which check failed. The text names no code,
/// serial, payment or session, so a refusal shown on the page tells nothing private.
enum CustomerRefusal: String, Sendable, Equatable, Encodable {
    /// The voucher was spent in an earlier payment.
    case alreadyUsed = "already_used"
    /// The e-ticket or its program has expired.
    case expired
    /// The e-ticket has no balance left.
    case empty
    /// Not a code of the program being paid, or of any program this kiosk takes.
    case notValidHere = "not_valid_here"
    /// Not one of our codes, damaged, or its keyed check failed (forged or edited).
    case unreadableOrForged = "unreadable_or_forged"
    /// An e-ticket code older than a minute: a screenshot, not the app's live code.
    case oldScreenshot = "old_screenshot"
    /// Another open session holds the code.
    case heldElsewhere = "held_elsewhere"
    /// A paper voucher worth more than what is still missing (no change is given).
    case worthMoreThanMissing = "worth_more_than_missing"
    /// The kiosk cannot take codes now (its ledger or session failed): staff must look.
    case unavailable

    /// The reason for a desk refusal.
    init(_ error: LedgerError) {
        switch error {
        case .voucherAlreadySpent: self = .alreadyUsed
        case .eTicketExpired, .programNotActive: self = .expired
        case .eTicketEmpty: self = .empty
        case .wrongProgram, .unknownCode, .noKeyForProgram, .unknownProgram: self = .notValidHere
        case .malformedCode, .codeCheckFailed, .typedCodeCheckDigitWrong, .eTicketCodeFromFuture:
            self = .unreadableOrForged
        case .eTicketCodeStale: self = .oldScreenshot
        case .codeHeldElsewhere: self = .heldElsewhere
        case .voucherExceedsAmount: self = .worthMoreThanMissing
        default: self = .unavailable
        }
    }

    /// What the page shows first, in Japanese.
    var japanese: String {
        switch self {
        case .alreadyUsed: "この券はすでに使用済みです"
        case .expired: "この券は有効期限が切れています"
        case .empty: "この券には残高がありません"
        case .notValidHere: "この券はここでは使えません"
        case .unreadableOrForged: "この券は読み取れないか、正しい券ではありません"
        case .oldScreenshot: "古い画面のコードです。アプリで最新のコードを表示してください"
        case .heldElsewhere: "この券は別のお会計で使用中です"
        case .worthMoreThanMissing: "この券の額面は不足額を超えています（おつりは出ません）"
        case .unavailable: "ただいま券を受け付けられません。係員をお呼びください"
        }
    }

    /// The English line under it.
    var english: String {
        switch self {
        case .alreadyUsed: "This voucher has already been used."
        case .expired: "This voucher has expired."
        case .empty: "This ticket has no balance left."
        case .notValidHere: "This voucher cannot be used here."
        case .unreadableOrForged: "This code cannot be read or is not a valid voucher."
        case .oldScreenshot: "This is an old e-ticket code (a screenshot?). Show the live code in the app."
        case .heldElsewhere: "This voucher is being used in another payment."
        case .worthMoreThanMissing: "This voucher is worth more than the amount still due (no change is given)."
        case .unavailable: "Vouchers cannot be accepted right now. Please call staff."
        }
    }

    private enum CodingKeys: String, CodingKey { case reason, ja, en }

    /// Encodes as `{"reason":…,"ja":…,"en":…}` for the page.
    func encode(to encoder: any Encoder) throws {
        var fields = encoder.container(keyedBy: CodingKeys.self)
        try fields.encode(rawValue, forKey: .reason)
        try fields.encode(japanese, forKey: .ja)
        try fields.encode(english, forKey: .en)
    }
}
