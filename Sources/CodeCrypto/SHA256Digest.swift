internal import CCrypto

/// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), computed by OpenSSL's libcrypto.
///
/// Used for the keyed checks in voucher and e-ticket codes and for the audit chain.
/// See docs/voucher-codes.md for why libcrypto rather than our own implementation.
public enum SHA256Digest {
    /// The SHA-256 digest (32 bytes) of `data`.
    ///
    /// Inlinable, as ``hmac(key:_:)`` is, so that a caller's collection becomes an array in the
    /// caller's own specialized code (generic code run unspecialized across modules cost more than
    /// the hashing).
    @inlinable
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] { hash(bytes: Array(data)) }

    /// The SHA-256 digest (32 bytes) of `bytes`.
    public static func hash(bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { ccrypto_sha256(input.baseAddress, input.count, $0.baseAddress) }
        }
        precondition(ok == 1, "libcrypto SHA256 failed, which it does only when out of memory")
        return digest
    }

    /// The HMAC-SHA256 (32 bytes) of `data` under `key`.
    @inlinable
    public static func hmac(key: some Collection<UInt8>, _ data: some Collection<UInt8>) -> [UInt8] {
        hmac(keyBytes: Array(key), bytes: Array(data))
    }

    /// The HMAC-SHA256 (32 bytes) of `bytes` under `keyBytes`.
    public static func hmac(keyBytes: [UInt8], bytes: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
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
}
