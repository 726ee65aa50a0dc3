internal import CCryptShim
import Foundation

/// Hashes and checks passwords with yescrypt through libcrypt (libxcrypt).
///
/// A hash is the full `$y$...` string with its own salt and cost, so a cost raised later applies
/// to new passwords while old ones still verify. Comparison is constant-time in the shim.
public struct PasswordHasher: Sendable {
    /// yescrypt's cost parameter (1 to 11); 0 means libcrypt's default (5).
    public var cost: UInt

    /// The longest password hashed, in UTF-8 bytes. libxcrypt refuses passphrases of 512 bytes
    /// and more at once, without hashing, so a longer password is never given to it: logins
    /// check this first, the same way for every name.
    public static let maximumPasswordBytes = 256

    /// A hasher at a cost.
    public init(cost: UInt = 0) { self.cost = cost }

    /// The yescrypt hash of a password, with a fresh random salt.
    ///
    /// - Throws: ``AccountError/hashingFailed(reason:)`` when libcrypt refuses (no entropy, bad cost).
    public func hash(_ password: String) throws(AccountError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(CCRYPTSHIM_HASH_SIZE))
        let status = password.withCString { CCryptShim_hash($0, UInt(cost), &buffer, buffer.count) }
        guard status == 0 else { throw .hashingFailed(reason: String(cString: strerror(errno))) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` hashes to `stored`.
    ///
    /// - Throws: ``AccountError/hashingFailed(reason:)`` when `stored` is not a hash libcrypt reads.
    public func verify(_ password: String, against stored: String) throws(AccountError) -> Bool {
        let result = password.withCString { p in stored.withCString { CCryptShim_verify(p, $0) } }
        guard result >= 0 else { throw .hashingFailed(reason: "the stored hash is not one libcrypt can read") }
        return result == 1
    }
}
