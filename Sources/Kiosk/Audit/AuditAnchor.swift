import Foundation

/// An entry of the city's chain that records the heads of the terminals' chains: what binds a
/// shared ledger's chains into one log that a verifier checks whole.
///
/// Each terminal chain is hash-linked on its own, so a chain rewritten from some entry onwards
/// would still verify by itself. An anchor written into the city chain (itself hash-linked)
/// fixes each terminal chain's last entry at that moment: a rewrite of anything a later anchor
/// covers changes a hash the anchor holds, and a head recorded off the kiosk (`audit head`, which
/// writes an anchor first) covers every chain at once. Anchors list only the chains that moved
/// since the previous anchor.
public struct AuditAnchor: Hashable, Sendable, Codable {
    /// The action of an anchor entry.
    public static let action = "audit.anchored"

    /// Each terminal chain that moved, with its last entry at the anchor's time.
    public var heads: [String: String]

    /// An anchor of these heads.
    public init(heads: [SiteCode: AuditCheckpoint]) {
        self.heads = Dictionary(uniqueKeysWithValues: heads.map { ($0.key.rawValue, $0.value.text) })
    }

    /// The anchor an entry holds, or `nil` when its detail cannot be read as one.
    public init?(_ entry: AuditEntry) {
        guard entry.action == Self.action,
            let anchor = try? JSONDecoder().decode(AuditAnchor.self, from: Data(entry.detail.utf8))
        else { return nil }
        self = anchor
    }

    /// The heads as values, `nil` when one is malformed.
    public var checkpoints: [SiteCode: AuditCheckpoint]? {
        var result: [SiteCode: AuditCheckpoint] = [:]
        for (chain, text) in heads {
            guard let code = SiteCode(chain), let checkpoint = AuditCheckpoint(text) else { return nil }
            result[code] = checkpoint
        }
        return result
    }
}
