// SHA-256 from OpenSSL's libcrypto and HMAC-SHA256 over it, as two plain calls.
// Wrapped so Swift sees neither OpenSSL's deprecation attributes nor its macros.
#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

#include <stdatomic.h>
#include <string.h>

// OpenSSL 3's one-shot SHA256() and HMAC() look the algorithm up by name on every call (a
// provider fetch, with locks), which cost more than hashing a short message. The digest is
// fetched once per process and reused; HMAC is built on it (RFC 2104).
static inline const EVP_MD *ccrypto_sha256_md(void) {
    // A function's static (not a file-scope one): Swift emits the header's functions, not its variables.
    static _Atomic(EVP_MD *) algorithm = NULL;
    EVP_MD *fetched = atomic_load_explicit(&algorithm, memory_order_acquire);
    if (fetched != NULL) return fetched;
    fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (fetched == NULL) return NULL;
    EVP_MD *expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(&algorithm, &expected, fetched, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        EVP_MD_free(fetched);  // another thread fetched it first
        return expected;
    }
    return fetched;
}

/// SHA-256 of `length` bytes at `data` into the 32 bytes at `digest`. Returns 1 on success.
static inline int ccrypto_sha256(const void *data, size_t length, unsigned char *digest) {
    const EVP_MD *md = ccrypto_sha256_md();
    unsigned int digestLength = 0;
    return md != NULL && EVP_Digest(data, length, digest, &digestLength, md, NULL) == 1 && digestLength == 32;
}

/// HMAC-SHA256 (RFC 2104) of `length` bytes at `data` under the key into the 32 bytes at `mac`.
/// Returns 1 on success.
static inline int ccrypto_hmac_sha256(const void *key, size_t keyLength, const void *data, size_t length,
                                      unsigned char *mac) {
    const EVP_MD *md = ccrypto_sha256_md();
    if (md == NULL) return 0;
    unsigned char block[64] = {0};
    if (keyLength > sizeof block) {
        if (!ccrypto_sha256(key, keyLength, block)) return 0;
    } else if (keyLength > 0) {
        memcpy(block, key, keyLength);
    }
    unsigned char pad[64];
    unsigned char inner[32];
    unsigned int innerLength = 0, outerLength = 0;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    int ok = context != NULL;
    for (size_t i = 0; i < sizeof pad; i++) pad[i] = block[i] ^ 0x36;
    ok = ok && EVP_DigestInit_ex2(context, md, NULL) == 1 && EVP_DigestUpdate(context, pad, sizeof pad) == 1
        && EVP_DigestUpdate(context, data, length) == 1 && EVP_DigestFinal_ex(context, inner, &innerLength) == 1
        && innerLength == 32;
    for (size_t i = 0; i < sizeof pad; i++) pad[i] = block[i] ^ 0x5c;
    ok = ok && EVP_DigestInit_ex2(context, md, NULL) == 1 && EVP_DigestUpdate(context, pad, sizeof pad) == 1
        && EVP_DigestUpdate(context, inner, sizeof inner) == 1 && EVP_DigestFinal_ex(context, mac, &outerLength) == 1
        && outerLength == 32;
    EVP_MD_CTX_free(context);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
    OPENSSL_cleanse(inner, sizeof inner);
    return ok;
}

/// Constant-time comparison of two byte strings of equal length: 0 when equal.
static inline int ccrypto_memcmp(const void *a, const void *b, size_t length) {
    return CRYPTO_memcmp(a, b, length);
}
