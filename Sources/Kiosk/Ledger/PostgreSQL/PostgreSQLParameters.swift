/// A statement's bound values laid out as libpq takes them: one pointer, length and format per
/// parameter, integers and text as NUL-terminated text, blobs as binary.
///
/// Every statement a kiosk sends goes through here (several per confirm), so the values are
/// written into one scratch buffer on the stack (on the heap only when large) instead of a string
/// and a C copy per value: no allocation per statement for the ledger's usual few small values.
enum PostgreSQLParameters {
    /// Calls `body` with the parameters' values, lengths and formats (libpq's `paramValues`,
    /// `paramLengths`, `paramFormats`); the pointers are valid only during the call.
    static func with<R>(
        _ bindings: [SQLValue],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        let count = bindings.count
        guard count > 0 else { return body(nil, nil, nil) }
        var bytes = 0
        for binding in bindings {
            switch binding {
            case .integer: bytes += 21  // "-9223372036854775808" and its NUL
            case .text(let text): bytes += text.utf8.count + 1
            case .blob(let blob): bytes += blob.count
            case .null: break
            }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes, 1)) { buffer in
            withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: count) { values in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { numbers in
                    guard let base = buffer.baseAddress else { return body(nil, nil, nil) }
                    var offset = 0
                    for (index, binding) in bindings.enumerated() {
                        let start = base + offset
                        var length = 0
                        var format: Int32 = 0
                        switch binding {
                        case .integer(let number):
                            length = writeDecimal(number, to: start)
                            start[length] = 0
                            offset += length + 1
                        case .text(let text):
                            let copied = text.utf8.withContiguousStorageIfAvailable { source in
                                if let from = source.baseAddress { start.update(from: from, count: source.count) }
                                return source.count
                            }
                            if let copied {
                                length = copied
                            } else {
                                for byte in text.utf8 {
                                    start[length] = byte
                                    length += 1
                                }
                            }
                            start[length] = 0
                            offset += length + 1
                        case .blob(let blob):
                            blob.withUnsafeBufferPointer { source in
                                if let from = source.baseAddress { start.update(from: from, count: source.count) }
                            }
                            length = blob.count
                            format = 1
                            offset += length
                        case .null:
                            break
                        }
                        if case .null = binding {
                            values.initializeElement(at: index, to: nil)
                        } else {
                            values.initializeElement(
                                at: index,
                                to: UnsafePointer(UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self))
                            )
                        }
                        // Lengths matter only for binary values (libpq reads text up to its NUL).
                        numbers.initializeElement(at: index, to: format == 1 ? Int32(length) : 0)
                        numbers.initializeElement(at: count + index, to: format)
                    }
                    guard let numberBase = numbers.baseAddress else { return body(nil, nil, nil) }
                    return body(UnsafePointer(values.baseAddress), UnsafePointer(numberBase), UnsafePointer(numberBase + count))
                }
            }
        }
    }

    /// Writes `number` in decimal at `start` (at most 20 bytes) and returns how many it wrote.
    static func writeDecimal(_ number: Int64, to start: UnsafeMutablePointer<UInt8>) -> Int {
        var length = 0
        if number < 0 {
            start[0] = UInt8(ascii: "-")
            length = 1
        }
        let first = length
        var magnitude = number.magnitude
        repeat {
            start[length] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            length += 1
        } while magnitude > 0
        var digits = UnsafeMutableBufferPointer(start: start + first, count: length - first)
        digits.reverse()  // written last digit first
        return length
    }
}
