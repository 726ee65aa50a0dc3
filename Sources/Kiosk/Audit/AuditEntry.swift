import CodeCrypto
/// One entry of the audit log: who changed what, when; chained to the previous entry of its chain
/// by SHA-256.
///
/// A kiosk's own ledger has one chain. A shared ledger has the city's chain and one per terminal,
/// so kiosks append in parallel; the city chain's anchors (``AuditAnchor``) bind the others.
///
/// `hash = SHA-256(previousHash || canonical(fields))`, where the canonical form writes each field
/// as its byte length, a colon and its UTF-8 bytes, so no two different entries share a form; a
/// terminal chain's entries add the chain's name as a last field. The first entry of a chain has
/// 32 zero bytes as its `previousHash`.
public struct AuditEntry: Hashable, Sendable, Codable {
    /// Position in its chain, counting from 1 with no gaps.
    public var sequence: Int64
    /// The chain: `nil` for the ledger's own (the city's, on a shared ledger), or a terminal's.
    public var chain: SiteCode?
    /// Order in the whole log, across chains: increasing, not hashed, with gaps on a shared ledger.
    /// An entry that depends on another (a payment on its voucher's issuance, a refund on its
    /// payment) always comes after it.
    public var position: Int64
    /// When (UTC).
    public var at: Timestamp
    /// The operator's name.
    public var actor: String
    /// The operator's role.
    public var role: Role
    /// The peer uid of the connection, when known.
    public var peerUID: UInt32?
    /// The terminal, when any.
    public var terminal: SiteCode?
    /// What happened, such as "payment.confirmed".
    public var action: String
    /// What it happened to, such as "P000000000042".
    public var subject: String
    /// The details as JSON text.
    public var detail: String
    /// The hash of the previous entry.
    public var previousHash: [UInt8]
    /// This entry's hash.
    public var hash: [UInt8]

    /// The genesis value of `previousHash`.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// Builds an entry and computes its hash from the previous one.
    public init(
        sequence: Int64,
        chain: SiteCode? = nil,
        position: Int64? = nil,
        at: Timestamp,
        principal: Principal,
        action: String,
        subject: String,
        detail: String,
        previousHash: [UInt8]
    ) {
        self.sequence = sequence
        self.chain = chain
        self.position = position ?? sequence
        self.at = at
        actor = principal.name
        role = principal.role
        peerUID = principal.peerUID
        terminal = principal.terminal
        self.action = action
        self.subject = subject
        self.detail = detail
        self.previousHash = previousHash
        hash = []
        hash = computedHash()
    }

    /// An entry as stored, with the hash it was stored with (``computedHash()`` checks it).
    public init(
        sequence: Int64,
        chain: SiteCode? = nil,
        position: Int64? = nil,
        at: Timestamp,
        actor: String,
        role: Role,
        peerUID: UInt32?,
        terminal: SiteCode?,
        action: String,
        subject: String,
        detail: String,
        previousHash: [UInt8],
        hash: [UInt8]
    ) {
        self.sequence = sequence
        self.chain = chain
        self.position = position ?? sequence
        self.at = at
        self.actor = actor
        self.role = role
        self.peerUID = peerUID
        self.terminal = terminal
        self.action = action
        self.subject = subject
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash the entry's fields and previous hash give.
    public func computedHash() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(
            previousHash.count + actor.utf8.count + action.utf8.count + subject.utf8.count + detail.utf8.count + 128
        )
        bytes.append(contentsOf: previousHash)
        func field(_ text: String) {
            bytes.append(contentsOf: String(text.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: text.utf8)
        }
        field(String(sequence))
        field(String(at.rawValue))
        field(actor)
        field(role.rawValue)
        field(peerUID.map { String($0) } ?? "-")
        field(terminal?.rawValue ?? "-")
        field(action)
        field(subject)
        field(detail)
        if let chain { field(chain.rawValue) }
        return SHA256Digest.hash(bytes)
    }

    /// How an operator names the entry: `42` in the ledger's own chain, `K1/42` in a terminal's.
    public var name: String { Self.name(sequence, in: chain) }

    /// How an operator names entry `sequence` of `chain` (`nil`: the ledger's own).
    public static func name(_ sequence: Int64, in chain: SiteCode?) -> String {
        chain.map { "\($0.rawValue)/\(sequence)" } ?? String(sequence)
    }
}

/// The result of checking the audit chain.
public struct AuditVerification: Hashable, Sendable, Codable {
    /// Entries checked.
    public var checked: Int64
    /// The first entry that is edited, out of place or missing, with the reason; `nil` when the chain holds.
    public var firstBad: Problem?
    /// Where a later verification may start (the last good entry), so long logs are checked incrementally.
    public var checkpoint: AuditCheckpoint?

    /// What is wrong at one position.
    public struct Problem: Hashable, Sendable, Codable {
        /// The sequence number of the first bad entry (or of the missing one).
        public var sequence: Int64
        /// Why: "edited", "missing or reordered", "log truncated after the head".
        public var reason: String
        /// The chain of the entry: `nil` for the ledger's own, or a terminal's.
        public var chain: SiteCode?

        /// A problem from its parts.
        public init(sequence: Int64, reason: String, chain: SiteCode? = nil) {
            self.sequence = sequence
            self.reason = reason
            self.chain = chain
        }

        /// How an operator names the entry: `42`, or `K1/42` in a terminal's chain.
        public var entryName: String { AuditEntry.name(sequence, in: chain) }
    }

    /// Whether the chain verified.
    public var ok: Bool { firstBad == nil }

    /// A verification from its parts.
    public init(checked: Int64, firstBad: Problem?, checkpoint: AuditCheckpoint?) {
        self.checked = checked
        self.firstBad = firstBad
        self.checkpoint = checkpoint
    }
}

/// Walks entries in order and finds the first that breaks the chain.
public struct AuditChainVerifier: Sendable {
    private var expectedSequence: Int64
    private var previousHash: [UInt8]
    /// Entries checked so far.
    public private(set) var checked: Int64 = 0
    /// The first problem found, if any.
    public private(set) var problem: AuditVerification.Problem?
    /// The sequence of the last entry that verified (0 before any).
    public var lastSequence: Int64 { expectedSequence - 1 }

    /// Starts at the beginning, or after a checkpoint verified earlier.
    public init(after checkpoint: AuditCheckpoint?) {
        expectedSequence = (checkpoint?.sequence ?? 0) + 1
        previousHash = checkpoint?.hash ?? AuditEntry.genesisHash
    }

    /// Checks the next entry; returns `false` once a problem is found.
    public mutating func check(_ entry: AuditEntry) -> Bool {
        guard problem == nil else { return false }
        if entry.sequence != expectedSequence {
            problem = .init(sequence: expectedSequence, reason: "entry \(expectedSequence) is missing or out of order")
            return false
        }
        if entry.previousHash != previousHash {
            problem = .init(
                sequence: entry.sequence,
                reason: "does not follow entry \(entry.sequence - 1) (deleted, inserted or reordered)"
            )
            return false
        }
        if entry.computedHash() != entry.hash {
            problem = .init(sequence: entry.sequence, reason: "edited: its contents do not match its hash")
            return false
        }
        checked += 1
        expectedSequence += 1
        previousHash = entry.hash
        return true
    }

    /// Checks the end of the chain against the recorded head (last sequence and hash).
    public mutating func finish(head: AuditCheckpoint?) -> AuditVerification {
        if problem == nil, let head {
            if head.sequence != expectedSequence - 1 || head.hash != previousHash {
                problem = .init(
                    sequence: min(head.sequence, expectedSequence),
                    reason:
                        "the log ends at entry \(expectedSequence - 1) but its head says \(head.sequence): entries were removed or the head edited"
                )
            }
        }
        let last = expectedSequence - 1
        return AuditVerification(
            checked: checked,
            firstBad: problem,
            checkpoint: problem == nil && last > 0 ? AuditCheckpoint(sequence: last, hash: previousHash) : nil
        )
    }
}
