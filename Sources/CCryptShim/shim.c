// yescrypt through libxcrypt: crypt_gensalt_rn for the setting, crypt_r for the hash.
// struct crypt_data is about 32 KiB, so it lives on the heap, and it is wiped after use
// because it holds the password's intermediate state.
#include "CCryptShim.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct crypt_data *new_crypt_data(void) {
    return calloc(1, sizeof(struct crypt_data));
}

static void free_crypt_data(struct crypt_data *data) {
    explicit_bzero(data, sizeof *data);
    free(data);
}

int CCryptShim_hash(const char *password, unsigned long cost, char *out, size_t outSize) {
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (outSize < CCRYPTSHIM_HASH_SIZE) {
        errno = ERANGE;
        return -1;
    }
    // NULL random bytes: libxcrypt reads the salt from the kernel's random source itself.
    if (crypt_gensalt_rn("$y$", cost, NULL, 0, setting, (int)sizeof setting) == NULL) return -1;
    struct crypt_data *data = new_crypt_data();
    if (data == NULL) return -1;
    int status = -1;
    const char *hash = crypt_r(password, setting, data);
    if (hash != NULL && hash[0] != '*' && strlen(hash) < outSize) {
        strcpy(out, hash);
        status = 0;
    } else if (errno == 0) {
        errno = EINVAL;
    }
    free_crypt_data(data);
    return status;
}

int CCryptShim_verify(const char *password, const char *stored) {
    struct crypt_data *data = new_crypt_data();
    if (data == NULL) return -1;
    int result = -1;
    const char *hash = crypt_r(password, stored, data);
    size_t length = strlen(stored);
    if (hash != NULL && hash[0] != '*' && strlen(hash) == length) {
        unsigned char difference = 0;
        for (size_t i = 0; i < length; i++) difference |= (unsigned char)(hash[i] ^ stored[i]);
        result = difference == 0;
    }
    free_crypt_data(data);
    return result;
}
