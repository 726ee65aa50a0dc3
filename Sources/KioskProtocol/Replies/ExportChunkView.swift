/// A piece of a finished export's file as `export.fetch` sends it: at most 512 KiB, in base64.
public struct ExportChunkView: Hashable, Sendable, Codable {
    /// The export's receipt.
    public let receipt: String
    /// The file name to save it under.
    public let name: String
    /// The whole file's size in bytes.
    public let size: Int
    /// Where this piece starts.
    public let offset: Int
    /// The piece, in base64.
    public let data: String
    /// Where the next piece starts; `nil` after the last.
    public let nextOffset: Int?

    /// A piece from its fields.
    public init(receipt: String, name: String, size: Int, offset: Int, data: String, nextOffset: Int?) {
        self.receipt = receipt
        self.name = name
        self.size = size
        self.offset = offset
        self.data = data
        self.nextOffset = nextOffset
    }

    enum CodingKeys: String, CodingKey {
        case receipt, name, size, offset, data
        case nextOffset = "next_offset"
    }
}
