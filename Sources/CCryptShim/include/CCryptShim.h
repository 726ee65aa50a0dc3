#ifndef CCRYPTSHIM_H
#define CCRYPTSHIM_H

#include <stddef.h>

/// The size of a buffer that holds any hash this shim writes, with its terminating NUL.
#define CCRYPTSHIM_HASH_SIZE 384

/// Hashes `password` with yescrypt ("$y$") at `cost` (0 for libcrypt's default) and a fresh
/// random salt from the kernel, writing the NUL-terminated hash string into `out`
/// (at least CCRYPTSHIM_HASH_SIZE bytes). Returns 0 on success, -1 with errno set otherwise.
int CCryptShim_hash(const char *password, unsigned long cost, char *out, size_t outSize);

/// Hashes `password` with the method, cost and salt of `stored` and compares the result with
/// `stored` in constant time. Returns 1 when they match, 0 when they do not, -1 when `stored`
/// is not a hash libcrypt can read.
int CCryptShim_verify(const char *password, const char *stored);

#endif
