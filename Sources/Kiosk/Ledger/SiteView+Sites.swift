extension SiteView {
    /// The view of a merchant.
    public init(_ merchant: Merchant) {
        self.init(
            kind: "merchant",
            code: merchant.code.description,
            name: merchant.name,
            representative: merchant.representative,
            contact: merchant.contact,
            disabledAt: merchant.disabledAt?.description
        )
    }

    /// The view of a store.
    public init(_ store: Store) {
        self.init(
            kind: "store",
            code: store.code.description,
            name: store.name,
            merchant: store.merchant.description,
            disabledAt: store.disabledAt?.description
        )
    }

    /// The view of a terminal.
    public init(_ terminal: Terminal) {
        self.init(
            kind: "terminal",
            code: terminal.code.description,
            name: terminal.name,
            store: terminal.store.description,
            disabledAt: terminal.disabledAt?.description
        )
    }
}
