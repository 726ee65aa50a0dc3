import Glibc

/// Converts UTF-8 bytes to another encoding with glibc's iconv, stopping at the first character the
/// target cannot hold instead of dropping or replacing it.
///
/// Not thread-safe (an iconv descriptor has state); an export job owns one on its queue.
final class IconvEncoder {
    private let descriptor: iconv_t
    let name: String

    /// Opens a converter from UTF-8 to `name`.
    ///
    /// - Throws: ``LedgerError/exportFile(path:reason:)`` when iconv does not know the encoding.
    init(to name: String) throws(LedgerError) {
        let descriptor = iconv_open(name, "UTF-8")
        guard let descriptor, Int(bitPattern: descriptor) != -1 else {
            throw .exportFile(path: "-", reason: "iconv cannot convert to \(name) (errno \(errno))")
        }
        self.descriptor = descriptor
        self.name = name
    }

    deinit { iconv_close(descriptor) }

    /// Appends the conversion of `input` (UTF-8) to `output`.
    ///
    /// - Returns: `nil` when every character converted, or the byte offset in `input` of the first
    ///   character the target cannot hold (or of invalid UTF-8); `output` then holds what came before.
    func append(_ input: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Int? {
        guard let base = input.baseAddress, input.count > 0 else { return nil }
        let start = output.count
        // Every target here needs at most as many bytes as UTF-8 does, plus a shift sequence.
        output.append(contentsOf: repeatElement(0, count: input.count + 16))
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        var outLeft = input.count + 16
        let failed = output.withUnsafeMutableBytes { buffer -> Bool in
            var outPointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress.map {
                ($0 + start).assumingMemoryBound(to: CChar.self)
            }
            return iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) == -1
        }
        output.removeLast(outLeft)
        if failed {
            iconv(descriptor, nil, nil, nil, nil)  // back to the initial state for the next call
            return input.count - inLeft
        }
        return nil
    }
}
