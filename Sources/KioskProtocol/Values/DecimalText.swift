/// Appends `value` in decimal to `bytes`, left-padded with zeros to at least `width` digits (a
/// negative value keeps its sign in front of the zeros).
///
/// Every payment's audit entry, notification and receipt carries its time, number and codes as
/// text: written digit by digit here instead of through `String(_:)` of a generic integer and
/// string concatenation, which were a tenth of a shared-ledger kiosk's work in a confirm.
@inlinable
package func appendDecimal(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    // The digits and padding last first, then turned round in place: no array of their own.
    let start = bytes.count
    var magnitude = value.magnitude
    repeat {
        bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
        magnitude /= 10
    } while magnitude > 0
    while bytes.count - start < width { bytes.append(UInt8(ascii: "0")) }
    bytes[start...].reverse()
}

/// `value` in decimal, left-padded with zeros to `width` digits.
@inlinable
package func zeroPadded<T: BinaryInteger>(_ value: T, width: Int) -> String {
    guard let number = Int64(exactly: value) else {
        let digits = String(value)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(max(width, 20))
    appendDecimal(number, width: width, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}
