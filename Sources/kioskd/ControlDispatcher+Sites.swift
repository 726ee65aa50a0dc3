import Foundation
import Kiosk

/// Merchants, stores and terminals: the program office registers merchants; a merchant's
/// representative (or the office) manages its stores and terminals.
extension ControlDispatcher {
    /// Runs a site request; a representative may act only on the stores and terminals of a
    /// merchant that names it as representative.
    func performSites(_ request: ControlRequest, id: RequestID?, principal: Principal, now: Timestamp) throws(LedgerError) -> ControlReply {
        let ledger = desk.ledger
        let office = principal.role == .programOffice
        /// The merchant a store belongs to, or a terminal's store belongs to.
        func merchant(of kind: SiteKind, _ code: SiteCode) throws(LedgerError) -> Merchant {
            switch kind {
            case .merchant: return try ledger.merchant(code)
            case .store: return try ledger.merchant(try ledger.store(code).merchant)
            case .terminal: return try ledger.merchant(try ledger.store(try ledger.terminal(code).store).merchant)
            }
        }
        func mayManage(_ merchant: Merchant) -> Bool { office || (!merchant.representative.isEmpty && merchant.representative == principal.name) }
        func refusal(_ merchant: SiteCode) -> ControlReply {
            .failure(
                id: id,
                ControlError(
                    code: "forbidden",
                    message: "Account \(principal.name) is not the representative of merchant \(merchant); only it or the program office manages its stores and terminals."
                )
            )
        }
        switch request {
        case .createSite(let draft):
            switch draft.kind {
            case .merchant:
                try ledger.createMerchant(
                    Merchant(code: draft.code, name: draft.name, representative: draft.representative, contact: draft.contact),
                    by: principal,
                    now: now
                )
                logger.notice("merchant \(draft.code) registered by \(principal.name)")
                return .success(id: id, .site(SiteView(try ledger.merchant(draft.code))))
            case .store:
                guard let parent = draft.parent else { throw .invalidText(field: "merchant", reason: "a store needs its merchant") }
                let owner = try ledger.merchant(parent)
                guard mayManage(owner) else { return refusal(owner.code) }
                try ledger.createStore(Store(code: draft.code, merchant: parent, name: draft.name), by: principal, now: now)
                logger.notice("store \(draft.code) of \(parent) registered by \(principal.name)")
                return .success(id: id, .site(SiteView(try ledger.store(draft.code))))
            case .terminal:
                guard let parent = draft.parent else { throw .invalidText(field: "store", reason: "a terminal needs its store") }
                let owner = try merchant(of: .store, parent)
                guard mayManage(owner) else { return refusal(owner.code) }
                try ledger.createTerminal(Terminal(code: draft.code, store: parent, name: draft.name), by: principal, now: now)
                logger.notice("terminal \(draft.code) in \(parent) registered by \(principal.name)")
                return .success(id: id, .site(SiteView(try ledger.terminal(draft.code))))
            }
        case .listSites(let kind, let parent):
            let visible = Set(try ledger.merchants().filter(mayManage).map(\.code))
            switch kind {
            case .merchant:
                return .success(id: id, .sites(try ledger.merchants().filter { visible.contains($0.code) }.map(SiteView.init)))
            case .store:
                return .success(id: id, .sites(try ledger.stores(of: parent).filter { visible.contains($0.merchant) }.map(SiteView.init)))
            case .terminal:
                let stores = Dictionary(uniqueKeysWithValues: try ledger.stores(of: nil).map { ($0.code, $0.merchant) })
                return .success(
                    id: id,
                    .sites(
                        try ledger.terminals(in: parent).filter { stores[$0.store].map(visible.contains) ?? false }
                            .map(SiteView.init)
                    )
                )
            }
        case .changeSite(let kind, let code, let change):
            let owner = try merchant(of: kind, code)
            guard mayManage(owner) else { return refusal(owner.code) }
            try ledger.changeSite(kind, code, change, by: principal, now: now)
            let what = change.disabled == true ? "disabled" : change.disabled == false ? "enabled" : "changed"
            logger.notice("\(kind.rawValue) \(code) \(what) by \(principal.name)")
            switch kind {
            case .merchant: return .success(id: id, .site(SiteView(try ledger.merchant(code))))
            case .store: return .success(id: id, .site(SiteView(try ledger.store(code))))
            case .terminal: return .success(id: id, .site(SiteView(try ledger.terminal(code))))
            }
        default:
            return .failure(id: id, .unknownOperation(request.operation.rawValue))
        }
    }
}
