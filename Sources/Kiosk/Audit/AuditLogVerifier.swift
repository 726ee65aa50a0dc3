/// Walks a whole audit log, every chain of it, in the log's order, and finds the first entry that
/// breaks it: an entry edited, missing, inserted or reordered in its chain, a chain that ends
/// before its head, or an anchor that names an entry its chain no longer holds.
public struct AuditLogVerifier: Sendable {
    /// An anchored head the walk could not check from memory (older than the entries it keeps):
    /// the ledger looks its hash up once the walk has verified every stored entry.
    public struct AnchoredHead: Hashable, Sendable {
        /// The terminal chain.
        public var chain: SiteCode
        /// The head the anchor recorded.
        public var head: AuditCheckpoint
        /// The anchor that recorded it, as an operator names it.
        public var anchor: String
    }

    private var city: AuditChainVerifier
    /// Where the city chain starts: entries at or before it were verified earlier.
    private let citySkip: Int64
    private var terminals: [SiteCode: AuditChainVerifier] = [:]
    /// The last few hashes of each terminal chain, by sequence, for the anchors that follow them.
    private var recent: [SiteCode: [(Int64, [UInt8])]] = [:]
    private static let recentKept = 32
    /// A problem found outside a chain's own walk (an anchor's), if any.
    private var anchorProblem: AuditVerification.Problem?
    /// Anchored heads left for the ledger to look up.
    public private(set) var unresolved: [AnchoredHead] = []

    /// Starts at the beginning, or with the city chain after a checkpoint verified earlier
    /// (terminal chains are always walked whole).
    public init(after checkpoint: AuditCheckpoint?) {
        city = AuditChainVerifier(after: checkpoint)
        citySkip = checkpoint?.sequence ?? 0
    }

    /// The first problem found so far.
    public var problem: AuditVerification.Problem? {
        if let problem = city.problem { return problem }
        for code in terminals.keys.sorted() {
            if let problem = terminals[code]?.problem { return .init(sequence: problem.sequence, reason: problem.reason, chain: code) }
        }
        return anchorProblem
    }

    /// Checks the next entry of the log; returns `false` once a problem is found.
    public mutating func check(_ entry: AuditEntry) -> Bool {
        guard problem == nil else { return false }
        guard let chain = entry.chain else {
            if entry.sequence <= citySkip { return true }
            guard city.check(entry) else { return false }
            if entry.action == AuditAnchor.action { return checkAnchor(entry) }
            return true
        }
        var verifier = terminals[chain] ?? AuditChainVerifier(after: nil)
        let good = verifier.check(entry)
        terminals[chain] = verifier
        guard good else { return false }
        var kept = recent[chain, default: []]
        kept.append((entry.sequence, entry.hash))
        if kept.count > Self.recentKept { kept.removeFirst(kept.count - Self.recentKept) }
        recent[chain] = kept
        return true
    }

    private mutating func checkAnchor(_ entry: AuditEntry) -> Bool {
        guard let heads = AuditAnchor(entry)?.checkpoints else {
            anchorProblem = .init(sequence: entry.sequence, reason: "an anchor whose heads cannot be read")
            return false
        }
        for (chain, head) in heads.sorted(by: { $0.key < $1.key }) {
            let walked = terminals[chain]?.lastSequence ?? 0
            if head.sequence > walked {
                anchorProblem = .init(
                    sequence: head.sequence,
                    reason: "anchor \(entry.name) names this entry, but \(chain)'s chain has \(walked) entries before it: entries were removed",
                    chain: chain
                )
                return false
            }
            if let kept = recent[chain]?.first(where: { $0.0 == head.sequence }) {
                if kept.1 != head.hash {
                    anchorProblem = .init(sequence: head.sequence, reason: Self.rewritten(chain, entry.name), chain: chain)
                    return false
                }
            } else {
                unresolved.append(AnchoredHead(chain: chain, head: head, anchor: entry.name))
            }
        }
        return true
    }

    static func rewritten(_ chain: SiteCode, _ anchor: String) -> String {
        "not the entry anchor \(anchor) recorded: \(chain)'s chain was rewritten"
    }

    /// Checks each chain's end against its recorded head, and the anchored heads the ledger looked
    /// up (`stored`: the hash the log holds for each of ``unresolved``, `nil` when absent).
    public mutating func finish(
        heads: [SiteCode?: AuditCheckpoint],
        stored: [AnchoredHead: [UInt8]?] = [:]
    ) -> AuditVerification {
        var result = city.finish(head: heads[nil] ?? nil)
        result.checked = city.checked
        var first = result.firstBad
        if first == nil, let anchorProblem { first = anchorProblem }
        for head in unresolved where first == nil {
            if let hash = stored[head] ?? nil, hash == head.head.hash { continue }
            first = .init(sequence: head.head.sequence, reason: Self.rewritten(head.chain, head.anchor), chain: head.chain)
        }
        let chains = Set(terminals.keys).union(heads.keys.compactMap { $0 }).sorted()
        for chain in chains {
            var verifier = terminals[chain] ?? AuditChainVerifier(after: nil)
            let ended = verifier.finish(head: heads[chain] ?? nil)
            result.checked += verifier.checked
            if first == nil, let bad = ended.firstBad { first = .init(sequence: bad.sequence, reason: bad.reason, chain: chain) }
        }
        result.firstBad = first
        if first != nil { result.checkpoint = nil }
        return result
    }
}
