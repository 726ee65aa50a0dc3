/// One payment (ND) or refund (RF) as the settlement data export (002 8-4 決済データ) needs it.
///
/// The ledger gives these in time order; ``SettlementCSV`` lays them out. Names are resolved here
/// so the export does not look anything up per row.
public struct SettlementRecord: Hashable, Sendable, Codable {
    /// A payment or a refund.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A payment (データ種別 ND).
        case payment = "ND"
        /// A refund (データ種別 RF).
        case refund = "RF"
    }

    /// Payment or refund.
    public var kind: Kind
    /// The slip number (伝票番号): the payment's or the refund's id ("P…" or "R…").
    public var slip: String
    /// When the payment or the refund was made.
    public var at: Timestamp
    /// The amount, positive for refunds too.
    public var amount: Yen
    /// The merchant of the payment's store (加盟店コード).
    public var merchant: SiteCode
    /// The merchant's name (加盟店名称).
    public var merchantName: String
    /// The store.
    public var store: SiteCode
    /// The program (OEM コード).
    public var program: ProgramCode
    /// The program's name (OEM 名称).
    public var programName: String
    /// For a refund, the slip number of the payment it refunds (元・伝票番号).
    public var originalSlip: String?
    /// For a refund, who made it.
    public var operatorName: String?
    /// For a refund, their role: the program office's refunds are the "management site's" (担当者名);
    /// the others were made at the kiosk (備考 "brand:account").
    public var role: Role?

    /// A record from its parts.
    public init(
        kind: Kind,
        slip: String,
        at: Timestamp,
        amount: Yen,
        merchant: SiteCode,
        merchantName: String,
        store: SiteCode,
        program: ProgramCode,
        programName: String,
        originalSlip: String?,
        operatorName: String?,
        role: Role?
    ) {
        self.kind = kind
        self.slip = slip
        self.at = at
        self.amount = amount
        self.merchant = merchant
        self.merchantName = merchantName
        self.store = store
        self.program = program
        self.programName = programName
        self.originalSlip = originalSlip
        self.operatorName = operatorName
        self.role = role
    }
}
