internal import CCrypto

/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), computed by OpenSSL's libcrypto.
///
/// Used for the keyed checks in voucher and e-ticket codes and for the audit chain.
/// See docs/voucher-codes.md for why libcrypto rather than our own implementation.
public enum SHA256Digest {
    /// The SHA-256 digest (32 bytes) of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let bytes = Array(data)
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { ccrypto_sha256(input.baseAddress, input.count, $0.baseAddress) }
        }
        precondition(ok == 1, "libcrypto SHA256 failed, which it does only when out of memory")
        return digest
    }

    /// The HMAC-SHA256 (32 bytes) of `data` under `key`.
    public static func hmac(key: some Collection<UInt8>, _ data: some Collection<UInt8>) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        let keyBytes = Array(key)
        let bytes = Array(data)
        let ok = keyBytes.withUnsafeBytes { k in
            bytes.withUnsafeBytes { input in
                mac.withUnsafeMutableBufferPointer {
                    // An empty array may have no base address; libcrypto wants a pointer all the same.
                    ccrypto_hmac_sha256(
                        k.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                        k.count,
                        input.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                        input.count,
                        $0.baseAddress
                    )
                }
            }
        }
        precondition(ok == 1, "libcrypto HMAC failed, which it does only when out of memory")
        return mac
    }

    /// Compares two byte strings in time independent of where they differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in ccrypto_memcmp(x.baseAddress, y.baseAddress, a.count) }
        }
            == 0
    }

    /// Lower-case hex of bytes.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of hex digits (either case, an even count), or `nil` for anything else.
    public static func bytes(hex text: some StringProtocol) -> [UInt8]? {
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
