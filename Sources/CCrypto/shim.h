// SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto, as two plain calls.
// Wrapped so Swift sees neither OpenSSL's deprecation attributes nor its macros.
#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

/// SHA-256 of `length` bytes at `data` into the 32 bytes at `digest`. Returns 1 on success.
static inline int ccrypto_sha256(const void *data, size_t length, unsigned char *digest) {
    return SHA256((const unsigned char *)data, length, digest) != NULL;
}

/// HMAC-SHA256 (RFC 2104) of `length` bytes at `data` under the key into the 32 bytes at `mac`.
static inline int ccrypto_hmac_sha256(const void *key, size_t keyLength, const void *data, size_t length,
                                      unsigned char *mac) {
    unsigned int macLength = 0;
    if (keyLength > 0x7fffffff) return 0;
    return HMAC(EVP_sha256(), key, (int)keyLength, (const unsigned char *)data, length, mac, &macLength) != NULL
        && macLength == 32;
}

/// Constant-time comparison of two byte strings of equal length: 0 when equal.
static inline int ccrypto_memcmp(const void *a, const void *b, size_t length) {
    return CRYPTO_memcmp(a, b, length);
}
