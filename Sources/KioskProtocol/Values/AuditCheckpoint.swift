/// A verified position in the audit chain: its sequence number and hash.
public struct AuditCheckpoint: Hashable, Sendable, Codable {
    /// The sequence number.
    public var sequence: Int64
    /// The entry's hash.
    public var hash: [UInt8]

    /// A checkpoint from its parts.
    public init(sequence: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The checkpoint as an operator records it: `SEQUENCE:HASH`, the hash in 64 lower-case hex digits.
    public var text: String { "\(sequence):" + Hex.encode(hash) }

    /// Reads `SEQUENCE:HASH` as ``text`` writes it (hex digits in either case), or `nil`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence >= 1, parts[1].utf8.count == 64,
            let hash = Hex.decode(parts[1])
        else { return nil }
        self.init(sequence: sequence, hash: hash)
    }
}
